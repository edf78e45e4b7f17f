package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.template.TemplateProblem.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warnings of SPEC §2, and strict mode turning them into errors. */
class TemplateWarningTest {
    @TempDir
    Path dir;

    private List<TemplateProblem> warnings(String yaml) {
        TemplateReport report = Templates.check(dir, yaml);
        assertTrue(report.errors().isEmpty(), () -> Templates.describe(report.errors()));
        assertTrue(report.template().isPresent());
        report.warnings().forEach(w -> assertEquals(Severity.WARNING, w.severity()));
        return report.warnings();
    }

    @Test
    void an_unknown_step_key_is_named_with_its_location_and_the_nearest_known_key() {
        TemplateProblem warning = only(warnings(withSteps("""
                  - name: a
                    handler: {callable: A}
                  - name: b
                    handler: {callable: B}
                  - name: c
                    handler: {callable: C}
                    dependancies: [a]
                """)), "UNKNOWN_KEY");

        assertEquals("unknown key 'dependancies' at steps[2]; did you mean 'dependencies'?", warning.message());
        assertEquals(11, warning.line());
        assertEquals(5, warning.column());
        assertEquals("c", warning.step());
        assertTrue(
                warning.toString().startsWith(dir.resolve("t.yaml") + ":11:5: warning: step 'c': "),
                warning.toString());
    }

    @Test
    void unknown_keys_are_found_at_every_level() {
        List<TemplateProblem> warnings = warnings("""
                name: t
                namespace_name: ns
                version: 1.0.0
                descripton: typo at the top
                steps:
                  - name: a
                    handler: {callable: A, initialisation: {x: 1}}
                    retry: {max_attempt: 2}
                    publishes_events:
                      - {name: a.b, conditon: success}
                    batch_config: {batch_sise: 10}
                    zzz: no known key is near
                environments:
                  test:
                    steps:
                      - {name: a, timeout: 5}
                lifecycle: {max_duration: 5}
                """);

        assertEquals(
                List.of(
                        "unknown key 'descripton' at top level; did you mean 'description'?",
                        "unknown key 'initialisation' at steps[0].handler; did you mean 'initialization'?",
                        "unknown key 'max_attempt' at steps[0].retry; did you mean 'max_attempts'?",
                        "unknown key 'conditon' at steps[0].publishes_events[0]; did you mean 'condition'?",
                        "unknown key 'batch_sise' at steps[0].batch_config; did you mean 'batch_size'?",
                        "unknown key 'zzz' at steps[0]",
                        "unknown key 'timeout' at environments.test.steps[0]; did you mean 'timeout_seconds'?",
                        "unknown key 'max_duration' at lifecycle; did you mean 'max_duration_minutes'?"),
                warnings.stream().map(TemplateProblem::message).toList());
    }

    @Test
    void keys_tasker_ignores_in_real_fixtures_do_not_warn() {
        List<TemplateProblem> warnings = warnings("""
                task_handler: {callable: Shop::OrderHandler, initialization: {anything: [1]}}
                metadata: {author: me, notes: free form, blog_post: post_02}
                """ + withSteps("""
                  - name: a
                    handler: {callable: A, initialization: {scenario: x}}
                    lifecycle: {max_retries: 3, backoff_multiplier: 2.0}
                    retry: {limit: 3, initial_delay: 2, max_delay: 30}
                    result_schema: {type: object}
                    composition: {any: thing}
                """));

        assertEquals(List.of(), warnings);
    }

    @Test
    void a_long_namespace_is_a_warning_naming_the_limit() {
        TemplateProblem warning = only(
                warnings(withSteps("  - {name: a, handler: {callable: A}}\n")
                        .replace("namespace_name: ns", "namespace_name: a_namespace_of_more_than_29_chars")),
                "NAMESPACE_FORMAT");

        assertEquals(
                "namespace_name 'a_namespace_of_more_than_29_chars' should be at most 29 characters of"
                        + " [A-Za-z0-9_] (Tasker's own limit)",
                warning.message());
        assertEquals(2, warning.line());
    }

    @Test
    void a_namespace_with_other_characters_is_a_warning() {
        TemplateProblem warning = only(
                warnings(withSteps("  - {name: a, handler: {callable: A}}\n")
                        .replace("namespace_name: ns", "namespace_name: my-shop")),
                "NAMESPACE_FORMAT");

        assertTrue(warning.message().startsWith("namespace_name 'my-shop'"), warning.message());
    }

    @Test
    void max_attempts_below_one_on_a_retryable_step_is_a_warning_and_acts_as_one() {
        String yaml = withSteps("""
                  - name: a
                    handler: {callable: A}
                    retry: {max_attempts: 0}
                """);

        TemplateProblem warning = only(warnings(yaml), "MAX_ATTEMPTS_BELOW_ONE");
        RetryPolicy retry = Templates.load(yaml).requireStep("a").retry();

        assertEquals("retry.max_attempts is 0; treated as 1", warning.message());
        assertEquals(7, warning.line());
        assertEquals(0, retry.maxAttempts());
        assertEquals(1, retry.effectiveMaxAttempts());
    }

    @Test
    void max_attempts_zero_on_a_non_retryable_step_changes_nothing_and_does_not_warn() {
        // Tasker's own Ruby fixtures write exactly this: one attempt either way.
        List<TemplateProblem> warnings = warnings(withSteps("""
                  - name: a
                    handler: {callable: A}
                    retry: {retryable: false, max_attempts: 0}
                """));

        assertEquals(List.of(), warnings);
    }

    @Test
    void an_environment_override_naming_an_unknown_step_is_a_warning() {
        TemplateProblem warning = only(warnings(withSteps("""
                  - name: charge_card
                    handler: {callable: A}
                environments:
                  test:
                    steps:
                      - name: charge_cards
                        timeout_seconds: 5
                """)), "UNKNOWN_OVERRIDE_STEP");

        assertEquals(
                "environment 'test' overrides unknown step 'charge_cards'; ignored; did you mean 'charge_card'?",
                warning.message());
        assertEquals(10, warning.line());
    }

    @Test
    void strict_mode_turns_warnings_into_errors() {
        TemplateLoader strict = TemplateLoader.builder().strict(true).build();
        String yaml = withSteps("""
                  - name: a
                    handler: {callable: A}
                    timeout_secs: 5
                """);

        TemplateValidationException e =
                assertThrows(TemplateValidationException.class, () -> strict.loadString(yaml, "t.yaml"));

        TemplateProblem problem = only(e.problems(), "UNKNOWN_KEY");
        assertEquals(Severity.ERROR, problem.severity());
        assertEquals("unknown key 'timeout_secs' at steps[0]; did you mean 'timeout_seconds'?", problem.message());
    }

    @Test
    void outside_strict_mode_a_template_with_warnings_loads() {
        TaskTemplate template = TemplateLoader.defaults().loadString(withSteps("""
                  - name: a
                    handler: {callable: A}
                    timeout_secs: 5
                """), "t.yaml");

        assertEquals(null, template.requireStep("a").timeoutSeconds());
    }

    @Test
    void a_report_is_ok_outside_strict_mode_but_not_inside_it_when_it_has_warnings() {
        TemplateReport report = Templates.check(dir, withSteps("  - {name: a, handler: {callable: A}, extra: 1}\n"));

        assertTrue(report.ok(false));
        assertEquals(false, report.ok(true));
    }
}
