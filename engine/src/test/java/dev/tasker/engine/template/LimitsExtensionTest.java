package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.load;
import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.engine.ConcurrencyLimit;
import dev.tasker.engine.RateLimit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code extensions.limits} block of a template: what it declares, and each error at its line. */
class LimitsExtensionTest {
    private static final String STEPS = """
            name: charge
            namespace_name: payments
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: payments.Charge}
              - name: refund
                handler: {callable: payments.Refund}
            """;

    private static String with(String limits) {
        return STEPS + "extensions:\n  limits:\n" + limits;
    }

    @Test
    void declared_limits_are_bound_to_the_template() {
        TaskTemplate t = load(with("""
                    concurrency:
                      - key: $.customer_id
                        max_running: 2
                        steps: [charge, refund]
                      - key: $['account']['id']
                        max_running: 1
                        scope: tasks
                    rate:
                      - callable: payments.Charge
                        key: $.customer_id
                        per_second: 5
                      - key: $.region
                        per_second: 0.5
                """));
        assertEquals(
                List.of(
                        ConcurrencyLimit.perKey("$.customer_id")
                                .maxRunning(2)
                                .steps("charge", "refund")
                                .forTemplate("payments", "charge"),
                        ConcurrencyLimit.perKey("$['account']['id']")
                                .maxRunning(1)
                                .scope(ConcurrencyLimit.Scope.TASKS)
                                .forTemplate("payments", "charge")),
                t.concurrencyLimits());
        assertEquals(
                List.of(
                        RateLimit.perCallable("payments.Charge")
                                .withKey("$.customer_id")
                                .perSecond(5)
                                .forTemplate("payments", "charge"),
                        RateLimit.perKey("$.region").perSecond(0.5).forTemplate("payments", "charge")),
                t.rateLimits());
        assertTrue(t.extensions().limits() != null);
        assertEquals(List.of("limits"), t.extensions().features());
    }

    @Test
    void a_template_without_extensions_declares_no_limit() {
        TaskTemplate t = load(STEPS);
        assertTrue(t.extensions().isEmpty());
        assertEquals(List.of(), t.concurrencyLimits());
        assertEquals(List.of(), t.rateLimits());
    }

    @Test
    void a_bad_key_path_is_reported_at_its_line() {
        TemplateProblem p = only(rejected(with("""
                    concurrency:
                      - key: customer_id
                        max_running: 2
                """)), "INVALID_EXTENSION");
        assertEquals(12, p.line());
        assertEquals("t.yaml", p.source());
        assertTrue(p.message().contains("invalid key path 'customer_id'"), p.message());
        TemplateProblem wildcard = only(rejected(with("""
                    rate:
                      - key: $.lines[*].sku
                        per_second: 1
                """)), "INVALID_EXTENSION");
        assertTrue(wildcard.message().contains("no wildcard"), wildcard.message());
    }

    @Test
    void a_non_positive_limit_is_reported_at_its_line() {
        TemplateProblem p = only(rejected(with("""
                    concurrency:
                      - key: $.customer_id
                        max_running: 0
                """)), "INVALID_EXTENSION");
        assertEquals(13, p.line());
        assertEquals("max_running must be a whole number of at least 1, got 0", p.message());
        TemplateProblem rate = only(rejected(with("""
                    rate:
                      - callable: payments.Charge
                        per_second: -2
                """)), "INVALID_EXTENSION");
        assertEquals("per_second must be a number above 0, got -2", rate.message());
    }

    @Test
    void a_step_not_in_the_template_is_reported_with_the_steps_it_has() {
        TemplateProblem p = only(rejected(with("""
                    concurrency:
                      - key: $.customer_id
                        max_running: 2
                        steps: [charge, refnud]
                """)), "INVALID_EXTENSION");
        assertEquals(14, p.line());
        assertEquals(
                "step 'refnud' of the concurrency limit is not a step of this template (steps: charge, refund)",
                p.message());
    }

    @Test
    void a_rate_needs_a_callable_or_a_key_and_a_scope_must_be_known() {
        assertEquals(
                "a rate limit needs a callable, a key, or both",
                only(rejected(with("    rate:\n      - per_second: 3\n")), "INVALID_EXTENSION")
                        .message());
        assertEquals(
                "invalid scope 'keys'; expected one of: steps, tasks",
                only(
                                rejected(
                                        with(
                                                "    concurrency:\n      - key: $.a\n        max_running: 1\n        scope: keys\n")),
                                "INVALID_EXTENSION")
                        .message());
    }

    @Test
    void an_unknown_key_under_limits_is_warned_about(@TempDir Path dir) {
        TemplateReport report = Templates.check(dir, with("    concurency:\n      - key: $.a\n"));
        assertTrue(
                report.warnings().stream().anyMatch(w -> w.message().contains("did you mean 'concurrency'")),
                report.warnings().toString());
    }

    @Test
    void the_constructor_refuses_what_the_loader_reports() throws Exception {
        TaskTemplate plain = load(STEPS);
        var extensions =
                new ObjectMapper().readTree("{\"limits\":{\"concurrency\":[{\"key\":\"$.a\",\"max_running\":0}]}}");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TaskTemplate(
                        plain.namespace(),
                        plain.name(),
                        plain.version(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        plain.steps(),
                        null,
                        null,
                        null,
                        null,
                        "inline",
                        new TemplateExtensions(java.util.Map.of(), java.util.Map.of(), extensions.get("limits"))));
        assertTrue(
                e.getMessage().contains("at extensions.limits.concurrency[0].max_running: max_running must be"),
                e.getMessage());
    }

    @Test
    void key_paths_read_one_value_of_the_context() throws Exception {
        var context = new ObjectMapper()
                .readTree("{\"customer_id\":42,\"account\":{\"id\":\"a-1\"},\"lines\":[{\"sku\":\"x\"}]}");
        assertEquals("42", ConcurrencyLimit.perKey("$.customer_id").keyOf(context));
        assertEquals("a-1", ConcurrencyLimit.perKey("$.account.id").keyOf(context));
        assertEquals("x", ConcurrencyLimit.perKey("$.lines[0].sku").keyOf(context));
        assertNull(ConcurrencyLimit.perKey("$.missing").keyOf(context), "a task without the key is not limited");
        assertThrows(
                IllegalArgumentException.class,
                () -> ConcurrencyLimit.perKey("$.a").maxRunning(0));
        assertThrows(
                IllegalArgumentException.class, () -> RateLimit.perCallable("x").perSecond(0));
    }
}
