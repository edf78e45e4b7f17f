package dev.tasker.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo: the e-commerce order end to end on an H2 file, as often as you like. */
class DemoCommandTest {
    private static final List<String> STEPS =
            List.of("validate_cart", "process_payment", "update_inventory", "create_order", "send_confirmation");

    @Test
    void the_demo_orders_two_mugs_and_a_tee_for_118_77_and_runs_again_on_the_same_database(@TempDir Path dir) {
        String db = "jdbc:h2:file:" + dir.resolve("tasker");

        CliRun first = CliRun.of("demo", "--db", db).assertNoStackTrace();
        CliRun second = CliRun.of("demo", "--db", db).assertNoStackTrace();

        for (CliRun run : List.of(first, second)) {
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains("Workflow ecommerce_py/ecommerce_order_processing/1.0.0"), run::toString);
            assertTrue(run.out().contains("flowchart TD"), run::toString);
            for (String step : STEPS) {
                assertEquals(
                        1,
                        run.outLines().stream()
                                .filter(l -> l.matches("  > " + step + " +attempt 1/2"))
                                .count(),
                        () -> step + " starts once\n" + run);
                assertEquals(
                        1,
                        run.outLines().stream()
                                .filter(l -> l.matches("  \\+ " + step + " +attempt 1/2  done in \\d+\\.\\d ms"))
                                .count(),
                        () -> step + " ends once\n" + run);
            }
            assertTrue(run.out().contains("  subtotal                             109.97"), run::toString);
            assertTrue(run.out().contains("  tax (8%)                               8.80"), run::toString);
            assertTrue(run.out().contains("  shipping (free from 100.00)            0.00"), run::toString);
            assertEquals("Order total: 118.77", run.outLines().getLast(), run::toString);
            assertEquals("", run.err());
        }
        assertNotEquals(orderLine(first), orderLine(second), "each run is a new order, so a new task");
    }

    private static String orderLine(CliRun run) {
        return run.outLines().stream()
                .filter(l -> l.startsWith("Order DEMO-"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void the_quick_start_demo_is_still_there(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "quickstart", "--db", "jdbc:h2:file:" + dir.resolve("tasker"))
                .assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Workflow quickstart/price_order/1.0.0"), run::toString);
        assertTrue(run.out().contains("Order total: 118.77 (subtotal 109.97, tax 8.80, shipping 0.00)"), run::toString);
    }

    @Test
    void an_unknown_demo_is_a_usage_error() {
        CliRun run = CliRun.of("demo", "bakery").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(
                run.err().startsWith("tasker demo: the demos are ecommerce (the default) and quickstart"),
                run::toString);
    }

    @Test
    void the_bundled_templates_are_loaded_without_flags_so_demo_tasks_can_be_acted_on(@TempDir Path dir) {
        String demoDb = "jdbc:h2:file:" + dir.resolve("demo");
        CliRun demo = CliRun.of("demo", "--db", demoDb);
        assertEquals(0, demo.exitCode(), demo::toString);
        String demoTask = CliRun.of("tasks", "--db", demoDb).outLines().get(1).split("\\s+")[0];

        CliRun run = CliRun.of(
                        "step-action",
                        demoTask,
                        "send_confirmation",
                        "reset",
                        "--by",
                        "frank",
                        "--reason",
                        "x",
                        "--db",
                        demoDb)
                .assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is complete; only a step in error can be reset"), run::toString);
    }

    @Test
    void the_demo_is_found_on_the_class_path_and_listed_with_its_own_help() {
        CliRun help = CliRun.of("help");
        CliRun demoHelp = CliRun.of("demo", "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertEquals(
                1,
                help.outLines().stream()
                        .filter(l -> l.startsWith("  demo [ecommerce|quickstart]"))
                        .count(),
                help::toString);
        assertEquals(0, demoHelp.exitCode(), demoHelp::toString);
        assertTrue(
                demoHelp.out().startsWith("usage: tasker demo [ecommerce|quickstart] [--db JDBC_URL]"),
                demoHelp::toString);
        assertTrue(demoHelp.out().contains("--db=JDBC_URL"), demoHelp::toString);
    }
}
