package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.rejected;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per load-time error of SPEC §2. */
class TemplateValidationTest {

    @Test
    void missing_name_namespace_and_version_are_each_reported() {
        List<TemplateProblem> problems = rejected("""
                steps:
                  - name: a
                    handler: {callable: A}
                """);

        List<String> messages = problems.stream()
                .filter(p -> p.code().equals("MISSING_FIELD"))
                .map(TemplateProblem::message)
                .toList();
        assertEquals(
                List.of(
                        "missing required field 'namespace_name' in the document",
                        "missing required field 'name' in the document",
                        "missing required field 'version' in the document"),
                messages);
    }

    @Test
    void a_template_without_steps_is_rejected() {
        TemplateProblem problem = only(rejected("name: t\nnamespace_name: ns\nversion: 1.0.0\n"), "MISSING_FIELD");

        assertEquals("missing required field 'steps' in the document", problem.message());
    }

    @Test
    void an_empty_steps_list_is_rejected_at_its_line() {
        TemplateProblem problem =
                only(rejected(withSteps("  []\n").replace("steps:\n  []", "steps: []")), "EMPTY_STEPS");

        assertEquals(4, problem.line());
        assertEquals("steps is empty; a template needs at least one step", problem.message());
    }

    @Test
    void a_step_without_name_or_handler_is_reported_at_the_step() {
        List<TemplateProblem> problems = rejected(withSteps("""
                  - description: nameless
                    handler: {callable: A}
                  - name: b
                """));

        List<TemplateProblem> missing =
                problems.stream().filter(p -> p.code().equals("MISSING_FIELD")).toList();
        assertEquals(2, missing.size(), Templates.describe(problems));
        assertEquals("missing required field 'name' in steps[0]", missing.get(0).message());
        assertEquals(5, missing.get(0).line());
        assertEquals(
                "missing required field 'handler' in steps[1]", missing.get(1).message());
        assertEquals("b", missing.get(1).step());
        assertEquals(7, missing.get(1).line());
    }

    @Test
    void a_handler_without_callable_is_reported() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler:
                      method: run
                """)), "MISSING_FIELD");

        assertEquals("missing required field 'callable' in steps[0].handler", problem.message());
        assertEquals(6, problem.line());
    }

    @Test
    void an_empty_callable_is_rejected_at_its_line() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler:
                      callable: "  "
                """)), "EMPTY_CALLABLE");

        assertEquals("t.yaml:7:7: step 'a': handler.callable is empty", problem.toString());
    }

    @Test
    void duplicate_step_names_point_at_the_second_and_name_the_first() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                  - name: a
                    handler: {callable: B}
                """)), "DUPLICATE_STEP_NAME");

        assertEquals("t.yaml:7:5: step 'a': duplicate step name 'a' (first defined at line 5)", problem.toString());
    }

    @Test
    void a_step_depending_on_itself_is_rejected_at_the_dependency() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    dependencies: [a]
                """)), "SELF_DEPENDENCY");

        assertEquals("t.yaml:7:20: step 'a': step 'a' depends on itself", problem.toString());
    }

    @Test
    void an_unknown_dependency_is_reported_with_the_nearest_step_name() {
        TemplateProblem problem = only(rejected("""
                name: ecommerce
                namespace_name: shop
                version: 1.0.0
                steps:
                  - name: validate_cart
                    handler:
                      callable: validate_cart
                  - name: process_payment
                    handler:
                      callable: process_payment
                    dependencies:
                      - validate_kart
                """), "UNKNOWN_DEPENDENCY");

        assertEquals(
                "t.yaml:12:9: step 'process_payment': unknown dependency 'validate_kart'"
                        + " (did you mean 'validate_cart'?)",
                problem.toString());
    }

    @Test
    void an_unknown_dependency_far_from_every_name_gets_no_suggestion() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    depends_on: [completely_different]
                """)), "UNKNOWN_DEPENDENCY");

        assertEquals("unknown dependency 'completely_different'", problem.message());
    }

    @Test
    void a_cycle_is_rejected_with_its_path() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    dependencies: [c]
                  - name: b
                    handler: {callable: B}
                    dependencies: [a]
                  - name: c
                    handler: {callable: C}
                    dependencies: [b]
                """)), "CYCLE_DETECTED");

        assertEquals("dependency cycle: a -> b -> c -> a", problem.message());
        assertEquals("c", problem.step());
        assertEquals(13, problem.line());
    }

    @Test
    void two_separate_cycles_are_both_reported() {
        List<TemplateProblem> problems = rejected(withSteps("""
                  - {name: a, handler: {callable: A}, dependencies: [b]}
                  - {name: b, handler: {callable: B}, dependencies: [a]}
                  - {name: c, handler: {callable: C}, dependencies: [d]}
                  - {name: d, handler: {callable: D}, dependencies: [c]}
                """));

        List<String> cycles = problems.stream()
                .filter(p -> p.code().equals("CYCLE_DETECTED"))
                .map(TemplateProblem::message)
                .toList();
        assertEquals(List.of("dependency cycle: a -> b -> a", "dependency cycle: c -> d -> c"), cycles);
    }

    @Test
    void a_decision_step_without_dependencies_is_rejected() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: route
                    type: decision
                    handler: {callable: Route}
                """)), "INVALID_STEP_TYPE_USE");

        assertEquals("t.yaml:6:5: step 'route': a decision step needs at least one dependency", problem.toString());
    }

    @Test
    void a_deferred_convergence_step_without_dependencies_is_rejected() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: join
                    step_type: deferred_convergence
                    handler: {callable: Join}
                """)), "INVALID_STEP_TYPE_USE");

        assertEquals("a deferred_convergence step needs at least one dependency", problem.message());
        assertEquals(6, problem.line());
    }

    @Test
    void a_batch_worker_not_downstream_of_a_batchable_step_is_rejected() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: prepare
                    handler: {callable: Prepare}
                  - name: work
                    type: batch_worker
                    dependencies: [prepare]
                    handler: {callable: Work}
                """)), "INVALID_STEP_TYPE_USE");

        assertEquals("a batch_worker step must be downstream of a batchable step", problem.message());
        assertEquals("work", problem.step());
    }

    @Test
    void a_batch_worker_below_a_batchable_step_through_another_step_is_accepted() {
        TaskTemplate template = Templates.load(withSteps("""
                  - {name: split, type: batchable, handler: {callable: Split}}
                  - {name: plan, dependencies: [split], handler: {callable: Plan}}
                  - {name: work, type: batch_worker, dependencies: [plan], handler: {callable: Work}}
                """));

        assertEquals(StepType.BATCH_WORKER, template.requireStep("work").type());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            OrderCreated  | invalid event name 'OrderCreated': only lower-case letters, digits, '_' and '.' are allowed
            order         | invalid event name 'order': it must contain a dot, as in 'order.created'
            .order.made   | invalid event name '.order.made': dots may not lead, trail or repeat
            order..made   | invalid event name 'order..made': dots may not lead, trail or repeat
            order.made.   | invalid event name 'order.made.': dots may not lead, trail or repeat
            order-made.x  | invalid event name 'order-made.x': only lower-case letters, digits, '_' and '.' are allowed
            """)
    void invalid_event_names_are_rejected_with_the_rule_they_break(String name, String message) {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    publishes_events:
                      - name: "%s"
                """.formatted(name))), "INVALID_EVENT_NAME");

        assertEquals(message, problem.message());
        assertEquals(8, problem.line());
    }

    @Test
    void an_invalid_publisher_is_rejected() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    publishes_events:
                      - name: order.made
                        publisher: "Orders::::Bad Publisher"
                """)), "INVALID_PUBLISHER");

        assertEquals(
                "invalid publisher 'Orders::::Bad Publisher': expected identifiers separated by '::' or '.',"
                        + " as in 'Orders::Publishers::Payment'",
                problem.message());
        assertEquals(9, problem.line());
    }

    @Test
    void an_input_schema_that_is_not_a_json_schema_is_rejected_where_it_breaks() {
        TemplateProblem problem = only(rejected("""
                name: t
                namespace_name: ns
                version: 1.0.0
                input_schema:
                  type: object
                  properties:
                    amount:
                      type: money
                steps:
                  - {name: a, handler: {callable: A}}
                """), "INVALID_JSON_SCHEMA");

        assertTrue(
                problem.message().startsWith("input_schema is not a valid JSON Schema: /properties/amount/type: "),
                problem.message());
        assertEquals(8, problem.line());
    }

    @Test
    void an_input_schema_that_is_a_list_is_rejected() {
        TemplateProblem problem = only(rejected("input_schema: [1, 2]\n" + withSteps("""
                  - {name: a, handler: {callable: A}}
                """)), "INVALID_JSON_SCHEMA");

        assertEquals("input_schema must be a JSON Schema (a mapping), got a list", problem.message());
    }

    @Test
    void event_and_result_schemas_are_checked_too() {
        List<TemplateProblem> problems = rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    result_schema: {required: total}
                    publishes_events:
                      - name: order.made
                        schema: {type: object, minProperties: many}
                """));

        List<String> messages = problems.stream()
                .filter(p -> p.code().equals("INVALID_JSON_SCHEMA"))
                .map(p -> p.line() + " " + p.message().substring(0, p.message().indexOf(':')))
                .toList();
        assertEquals(
                List.of("7 result_schema is not a valid JSON Schema", "10 event schema is not a valid JSON Schema"),
                messages);
    }

    @Test
    void an_unknown_schema_dialect_is_rejected_rather_than_fetched() {
        TemplateProblem problem = only(
                rejected("input_schema: {$schema: 'https://example.com/my-schema'}\n"
                        + withSteps("  - {name: a, handler: {callable: A}}\n")),
                "INVALID_JSON_SCHEMA");

        assertEquals("input_schema names an unsupported $schema 'https://example.com/my-schema'", problem.message());
    }

    @Test
    void a_schema_on_an_older_draft_is_checked_against_that_draft() {
        TaskTemplate template = Templates.load("""
                input_schema:
                  $schema: "http://json-schema.org/draft-07/schema#"
                  type: object
                  required: [amount]
                """ + withSteps("  - {name: a, handler: {callable: A}}\n"));

        assertEquals("object", template.inputSchema().path("type").asText());
    }

    @Test
    void every_problem_of_a_file_is_reported_in_one_exception() {
        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadString(withSteps("""
                          - name: a
                            handler: {callable: ""}
                          - name: b
                            handler: {callable: B}
                            dependencies: [a, nowhere]
                            retry: {backoff: sometimes}
                        """), "t.yaml"));

        assertEquals(
                List.of("EMPTY_CALLABLE", "INVALID_ENUM", "UNKNOWN_DEPENDENCY"),
                e.problems().stream().map(TemplateProblem::code).sorted().toList());
        assertTrue(e.getMessage().startsWith("template validation failed: 3 errors\n  t.yaml:"), e.getMessage());
        assertEquals(4, e.getMessage().lines().count());
    }

    @Test
    void messages_carry_no_stack_trace_or_exception_names() {
        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadString("steps: {a: [1, 2\n", "t.yaml"));

        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), e.getMessage());
    }
}
