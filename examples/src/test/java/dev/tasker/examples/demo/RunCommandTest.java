package dev.tasker.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasker run} on the examples' workflows, whose handlers the examples' {@link ExamplesCliExtension} registers. */
class RunCommandTest {
    static final String CART = "{\"customer_email\": \"ann@example.com\", \"items\": ["
            + "{\"sku\": \"MUG-1\", \"name\": \"Mug\", \"quantity\": 2, \"unit_price\": 29.99},"
            + "{\"sku\": \"TEE-1\", \"name\": \"Tee\", \"quantity\": 1, \"unit_price\": 49.99}]";

    @TempDir
    Path dir;

    String db;

    @BeforeEach
    void database() {
        db = "jdbc:h2:file:" + dir.resolve("tasker");
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db";
        all[args.length + 2] = db;
        return CliRun.of(all).assertNoStackTrace();
    }

    @Test
    void a_template_named_by_its_name_runs_to_its_end_showing_each_step() {
        CliRun run = run("ecommerce_order_processing", "--input", CART + "}");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(
                run.out()
                        .startsWith("Running ecommerce_py/ecommerce_order_processing/1.0.0 "
                                + "(classpath:tasker/templates/ecommerce_order_processing.yaml)"),
                run::toString);
        assertEquals(
                1,
                run.linesContaining("  + create_order      attempt 1/2  done in")
                        .size(),
                run::toString);
        assertEquals(
                1,
                run.outLines().stream()
                        .filter(l -> l.matches("Task [0-9a-f-]+ complete in .*"))
                        .count(),
                run::toString);
        assertTrue(run.out().contains("Result of send_confirmation:"), run::toString);
        assertTrue(run.out().contains("totalling $118.77"), run::toString);
    }

    @Test
    void the_same_input_again_shows_the_task_it_already_made() {
        String input = "{\"pipeline_id\": \"pl-1\"}";
        CliRun first = run("data_pipeline_py/analytics_pipeline", "--input", input);
        CliRun second = run("data_pipeline_py/analytics_pipeline/1.0.0", "--input", input);

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().contains("This input already made task "), second::toString);
        assertTrue(second.linesContaining("  > ").isEmpty(), "nothing ran again\n" + second);
        assertTrue(second.out().contains("\"score\" : 60"), second::toString);
    }

    @Test
    void a_permanent_failure_exits_1_and_shows_the_error() {
        CliRun run = run(
                "ecommerce_py/ecommerce_order_processing",
                "--input",
                CART + ", \"payment_token\": \"tok_test_declined\"}");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("blocked_by_failures"), run::toString);
        assertTrue(
                run.out().contains("      permanent_error: Payment declined for token tok_test_declined"),
                run::toString);
    }

    @Test
    void the_input_can_come_from_a_file() throws IOException {
        Path input =
                Files.writeString(dir.resolve("refund.json"), "{\"payment_id\": \"pay_1\", \"refund_amount\": 100.00}");

        CliRun run = run("payments_py/process_refund", "--input", "@" + input);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Your refund of $100.00"), run::toString);
    }

    @Test
    void a_template_of_the_same_name_in_two_namespaces_must_be_named_with_its_namespace() {
        CliRun run = run("process_refund", "--input", "{}");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(
                run.err()
                        .startsWith("tasker run: 'process_refund' is in several namespaces; name one: "
                                + "customer_success_py/process_refund, payments_py/process_refund"),
                run::toString);
    }

    @Test
    void an_unknown_template_lists_those_there_are() {
        CliRun run = run("bakery/bake_bread", "--input", "{}");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(
                run.err()
                        .contains("no template bakery/bake_bread; there are customer_success_py/process_refund/"
                                + "1.0.0, data_pipeline_py/analytics_pipeline/1.0.0"),
                run::toString);
    }

    @Test
    void input_that_is_not_a_json_object_is_a_usage_error() {
        assertEquals(2, run("ecommerce_order_processing", "--input", "[1, 2]").exitCode());
        assertEquals(2, run("ecommerce_order_processing", "--input", "{items:").exitCode());
        assertEquals(2, run("ecommerce_order_processing").exitCode());
    }

    @Test
    void input_the_template_refuses_is_reported_without_a_stack_trace() {
        CliRun run = run("payments_py/process_refund", "--input", "{\"payment_id\": \"x\"}");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(
                run.err().contains("the task input does not match the input_schema of payments_py/process_refund"),
                run::toString);
    }

    @Test
    void a_template_from_a_file_runs_with_a_handler_class_named_by_its_callable() throws IOException {
        Path template = Files.writeString(dir.resolve("price.yaml"), """
                name: price_cart
                namespace_name: cli_test
                version: 1.0.0
                steps:
                  - name: validate_cart
                    handler: {callable: "dev.tasker.examples.ecommerce.OrderHandlers#validateCart"}
                """);

        CliRun run = run("cli_test/price_cart", "--input", CART + "}", "--templates", template.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"total\" : 118.77"), run::toString);
    }
}
