package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.rejected;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Field values of the wrong type, out of range, or outside an enum: named, with the expected type or values. */
class FieldValueValidationTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            type             | decisive   | invalid step type 'decisive'; expected one of: standard, decision, deferred_convergence, batchable, batch_worker (did you mean 'decision'?) for 'type'
            type             | deferred   | invalid step type 'deferred'; expected one of: standard, decision, deferred_convergence, batchable, batch_worker (did you mean 'deferred_convergence'?) for 'type'
            step_type        | worker     | invalid step type 'worker'; expected one of: standard, decision, deferred_convergence, batchable, batch_worker for 'step_type'
            """)
    void an_invalid_step_type_lists_the_valid_values(String key, String value, String message) {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    %s: %s
                """.formatted(key, value))), "INVALID_ENUM");

        assertEquals(message, problem.message());
        assertEquals(7, problem.line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            retry: {backoff: fixed}                                       | invalid backoff 'fixed'; expected one of: none, linear, exponential, fibonacci
            publishes_events: [{name: a.b, condition: sometimes}]          | invalid event condition 'sometimes'; expected one of: success, failure, retryable_failure, permanent_failure, always
            publishes_events: [{name: a.b, delivery_mode: slow}]           | invalid delivery_mode 'slow'; expected one of: durable, fast, broadcast
            batch_config: {failure_strategy: give_up}                      | invalid failure_strategy 'give_up'; expected one of: continue_on_failure, fail_fast, isolate
            """)
    void invalid_enum_values_list_the_valid_values(String block, String expected) {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    %s
                """.formatted(block))), "INVALID_ENUM");

        assertTrue(problem.message().startsWith(expected), problem.message());
        assertEquals(7, problem.line());
    }

    @Test
    void an_invalid_identity_strategy_lists_the_valid_values() {
        TemplateProblem problem = only(rejected("identity_strategy: sometimes\n" + withSteps("""
                  - {name: a, handler: {callable: A}}
                """)), "INVALID_ENUM");

        assertEquals(
                "invalid identity_strategy 'sometimes'; expected one of: strict, caller_provided, always_unique"
                        + " for 'identity_strategy'",
                problem.message());
        assertEquals(1, problem.line());
    }

    @Test
    void max_attempts_written_as_a_word_names_the_field_and_the_expected_type() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    retry:
                      max_attempts: three
                """)), "WRONG_TYPE");

        assertEquals(
                "t.yaml:8:7: step 'a': steps[0].retry.max_attempts must be an integer, got string 'three'",
                problem.toString());
    }

    @Test
    void dependencies_written_as_a_single_name_must_be_a_list() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                  - name: b
                    handler: {callable: B}
                    dependencies: a
                """)), "WRONG_TYPE");

        assertEquals("steps[1].dependencies must be a list of strings, got string 'a'", problem.message());
        assertEquals(9, problem.line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            handler: A                          | steps[0].handler must be a mapping, got string 'A'
            retry: {retryable: maybe}           | steps[0].retry.retryable must be true or false, got string 'maybe'
            retry: {backoff_base_ms: 1.5}       | steps[0].retry.backoff_base_ms must be an integer, got number 1.5
            publishes_events: {name: a.b}       | steps[0].publishes_events must be a list, got a mapping
            """)
    void wrong_value_types_name_the_field_and_the_expected_type(String line, String message) {
        String yaml = withSteps("""
                  - name: a
                    handler: {callable: A}
                """);
        yaml = line.startsWith("handler") ? yaml.replace("handler: {callable: A}", line) : yaml + "    " + line + "\n";

        TemplateProblem problem = only(rejected(yaml), "WRONG_TYPE");

        assertEquals(message, problem.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timeout_seconds: 0                  | steps[0].timeout_seconds must be at least 1, got 0
            retry: {backoff_base_ms: -5}        | steps[0].retry.backoff_base_ms must be at least 0, got -5
            batch_config: {batch_size: 0}       | steps[0].batch_config.batch_size must be at least 1, got 0
            """)
    void out_of_range_numbers_are_rejected(String line, String message) {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    %s
                """.formatted(line))), "INVALID_VALUE");

        assertEquals(message, problem.message());
        assertEquals(7, problem.line());
    }

    @Test
    void an_invalid_staleness_action_lists_the_valid_values() {
        TemplateProblem problem = only(
                rejected("lifecycle: {staleness_action: explode}\n"
                        + withSteps("  - {name: a, handler: {callable: A}}\n")),
                "INVALID_ENUM");

        assertEquals("invalid staleness_action 'explode'; expected one of: dlq, error, none", problem.message());
    }

    @Test
    void setting_both_a_key_and_its_alias_is_rejected() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                  - name: b
                    handler: {callable: B}
                    dependencies: [a]
                    depends_on: [a]
                """)), "INVALID_VALUE");

        assertEquals("both 'dependencies' and its alias 'depends_on' are set; keep one", problem.message());
    }
}
