package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.rejected;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading stays linear in the document: many errors do not multiply the "did you mean" work, and a
 * long scalar is read once and shortened in messages. The time bounds are loose (a quadratic
 * loader took 44–51 s on these inputs); {@code ./tasker bench hostile} measures the real figures.
 */
class LinearLoadingTest {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void ten_thousand_unknown_dependencies_are_each_reported_without_quadratic_suggestion_work() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            steps.append("  - {name: step_")
                    .append(i)
                    .append(", handler: {callable: A}, dependencies: [missing_")
                    .append(i)
                    .append("]}\n");
        }
        String yaml = withSteps(steps.toString());
        assertTrue(yaml.length() > 600_000, "about the issue's 0.7 MB");

        List<TemplateProblem> problems = assertTimeoutPreemptively(GENEROUS, () -> rejected(yaml));

        List<TemplateProblem> unknown = problems.stream()
                .filter(p -> p.code().equals("UNKNOWN_DEPENDENCY"))
                .toList();
        assertEquals(10_000, unknown.size());
        assertEquals(5, unknown.getFirst().line());
        assertEquals("step_9999", unknown.getLast().step());
        assertTrue(
                unknown.getLast().message().startsWith("unknown dependency 'missing_9999'"),
                unknown.getLast().message());
    }

    @Test
    void a_close_misspelling_is_still_suggested() {
        TemplateProblem problem = Templates.only(rejected(withSteps("""
                  - {name: fetch_orders, handler: {callable: A}}
                  - {name: b, handler: {callable: A}, dependencies: [fetch_ordres]}
                """)), "UNKNOWN_DEPENDENCY");

        assertEquals("unknown dependency 'fetch_ordres' (did you mean 'fetch_orders'?)", problem.message());
    }

    @Test
    void a_scalar_of_nearly_five_megabytes_is_read_once_and_shortened_in_the_message() {
        String huge = "x".repeat(4_900_000);
        String yaml = withSteps("  - {name: a, handler: {callable: A}, dependencies: [" + huge + "]}\n");

        List<TemplateProblem> problems = assertTimeoutPreemptively(GENEROUS, () -> rejected(yaml));

        TemplateProblem problem = Templates.only(problems, "UNKNOWN_DEPENDENCY");
        assertTrue(
                problem.message().length() < 2048,
                "message of " + problem.message().length() + " chars");
        assertTrue(problem.message().contains("(4900000 chars)"), problem.message());
        assertEquals(5, problem.line());
        assertTrue(new TemplateValidationException(problems).getMessage().length() < 2048);
    }

    @Test
    void a_long_unbroken_scalar_keeps_its_value_and_the_locations_after_it() {
        String huge = "y".repeat(300_000);
        TaskTemplate template = Templates.load(withSteps("""
                  - name: a
                    handler: {callable: A, initialization: {blob: %s}}
                  - name: b
                    handler: {callable: B}
                    dependencies: [a]
                """.formatted(huge)));

        assertEquals(
                huge,
                template.step("a")
                        .orElseThrow()
                        .handler()
                        .initialization()
                        .get("blob")
                        .asText());

        TemplateProblem late = Templates.only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A, initialization: {blob: %s}}
                  - name: b
                    handler: {callable: B}
                    dependencies: [nope]
                """.formatted(huge))), "UNKNOWN_DEPENDENCY");
        assertEquals(9, late.line());
    }

    @Test
    void a_long_unknown_key_is_shortened_too() {
        String key = "k".repeat(1_000); // YAML allows implicit keys up to 1,024 characters
        TemplateReport report =
                Templates.check(dir, withSteps("  - {name: a, handler: {callable: A}, " + key + ": 1}\n"));
        List<TemplateProblem> problems = new java.util.ArrayList<>(report.warnings());
        problems.addAll(report.errors());
        TemplateProblem problem = Templates.only(problems, "UNKNOWN_KEY");
        assertTrue(
                problem.message().startsWith("unknown key '" + "k".repeat(100) + "… (1000 chars)' at steps[0]"),
                problem.message());
    }
}
