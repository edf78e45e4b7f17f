package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.load;
import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.rejected;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An {@code input_schema} may refer only inside the template; anything else is refused at load, at its line. */
class SchemaReferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/money.json", "file:///etc/passwd", "money.json", "https://x/s#/a"})
    void a_reference_outside_the_template_is_refused_naming_file_and_line(String target) {
        TemplateProblem problem = only(
                rejected("""
                input_schema:
                  type: object
                  properties:
                    amount:
                      $ref: "%s"
                """.formatted(target) + withSteps("  - {name: a, handler: {callable: A}}\n")),
                "SCHEMA_REFERENCE_OUTSIDE");

        assertEquals("t.yaml", problem.source());
        assertEquals(5, problem.line());
        assertEquals(
                "input_schema refers outside itself ($ref: '" + target + "'); only references within the"
                        + " template, starting with '#', are allowed",
                problem.message());
    }

    @Test
    void references_inside_the_schema_and_data_that_looks_like_one_are_allowed() {
        TaskTemplate template = load("""
                input_schema:
                  type: object
                  $defs:
                    money: {type: number}
                  properties:
                    amount: {$ref: "#/$defs/money"}
                    note: {const: {$ref: "http://example.com/not-a-reference"}}
                """ + withSteps("  - {name: a, handler: {callable: A}}\n"));

        assertEquals(
                "#/$defs/money",
                template.inputSchema().at("/properties/amount/$ref").asText());
    }
}
