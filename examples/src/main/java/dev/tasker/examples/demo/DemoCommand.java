package dev.tasker.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.spi.StepProgress;
import dev.tasker.cli.spi.TemplateDiagram;
import dev.tasker.cli.spi.Terminal;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.examples.Examples;
import dev.tasker.examples.ecommerce.OrderProcessing;
import dev.tasker.examples.quickstart.PriceOrder;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tasker demo [ecommerce|quickstart] [--db JDBC_URL]}: runs an example workflow end to end on the
 * default embedded H2 file ({@code ~/.tasker/db}, see {@code TaskerBuilder.defaultJdbcUrl()}), printing the DAG, each step as it runs (attempt and time), and
 * the result. The default is the e-commerce order: 2 × 29.99 + 1 × 49.99 comes to 118.77. Each run orders
 * under a new order id, so it is a new task (identity is strict: the same input would be the same task).
 * A command of {@code ./tasker} through {@link ExamplesCliExtension}: it lives with the workflows it runs.
 */
@Command(
        name = "demo",
        customSynopsis = "tasker demo [ecommerce|quickstart] [--db JDBC_URL]",
        description = "run the e-commerce order workflow end to end on the embedded H2 database")
final class DemoCommand implements Callable<Integer> {
    private static final int WIDTH = 18;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEMO", arity = "0..*", description = "ecommerce (the default) or quickstart")
    List<String> demos = List.of();

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "the database, made if missing (default: the engine's, ~/.tasker/db/tasker unless "
                    + "tasker.db.path / TASKER_DB_PATH or tasker.jdbc.url / TASKER_JDBC_URL say otherwise)")
    String db;

    private final PrintStream out;

    DemoCommand(Terminal terminal) {
        this.out = terminal.out();
    }

    @Override
    public Integer call() {
        String which = demos.isEmpty() ? "ecommerce" : demos.get(0);
        if (demos.size() > 1 || !which.equals("ecommerce") && !which.equals("quickstart")) {
            throw new ParameterException(spec.commandLine(), "the demos are ecommerce (the default) and quickstart");
        }
        boolean ecommerce = which.equals("ecommerce");
        String correlation = "demo-" + UUID.randomUUID();
        StepProgress progress = new StepProgress(out, correlation, WIDTH);
        TaskerBuilder builder = Examples.registerAll(Tasker.builder().classpathTemplates(Examples.TEMPLATES))
                .decorateHandlers(progress::wrap);
        if (db != null) {
            builder.jdbcUrl(db);
        }
        try (Tasker tasker = builder.build()) {
            TaskRequest request = ecommerce ? order() : priceCart();
            TaskTemplate template = tasker.templates()
                    .find(request.namespace(), request.name(), null)
                    .orElseThrow();
            out.println("Workflow " + template.key() + " (" + template.source() + "):");
            out.println(TemplateDiagram.mermaid(template));
            out.println((ecommerce
                            ? "Order " + request.context().get("order_id").asText() + " for "
                                    + request.context().get("customer_email").asText()
                            : "Cart")
                    + ": 2 x Tasker mug at 29.99, 1 x Tasker tee at 49.99");
            TaskHandle handle = tasker.submit(request.withCorrelation(correlation, null));
            out.println(
                    "Task " + handle.taskId() + " submitted (committed to " + (db == null ? "./.tasker" : db) + ")");
            TaskSnapshot done = handle.await(Duration.ofSeconds(60));
            progress.summary(done);
            if (done.isComplete()) {
                if (ecommerce) {
                    printOrder(done, out);
                } else {
                    printTotal(done, out);
                }
            }
            return done.isComplete() ? 0 : 1;
        }
    }

    /** Two mugs and a tee, under a new order id (so a second run is a new task, not a duplicate). */
    private static TaskRequest order() {
        String orderId = "DEMO-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        List<Map<String, Object>> items = List.of(
                Map.of("sku", "MUG-1", "name", "Tasker mug", "quantity", 2, "unit_price", new BigDecimal("29.99")),
                Map.of("sku", "TEE-1", "name", "Tasker tee", "quantity", 1, "unit_price", new BigDecimal("49.99")));
        return TaskRequest.of(
                OrderProcessing.NAMESPACE,
                OrderProcessing.NAME,
                Map.of(
                        "order_id",
                        orderId,
                        "customer_email",
                        "ann@example.com",
                        "payment_token",
                        "tok_test_visa",
                        "items",
                        items));
    }

    private static TaskRequest priceCart() {
        List<Map<String, Object>> cart = List.of(
                Map.of("sku", "MUG-1", "name", "Tasker mug", "price", new BigDecimal("29.99"), "quantity", 2),
                Map.of("sku", "TEE-1", "name", "Tasker tee", "price", new BigDecimal("49.99"), "quantity", 1));
        return TaskRequest.of(
                PriceOrder.NAMESPACE, PriceOrder.NAME, Map.of("order_id", "demo-" + UUID.randomUUID(), "items", cart));
    }

    private static void printOrder(TaskSnapshot done, PrintStream out) {
        JsonNode order = done.step("create_order").result();
        JsonNode mail = done.step("send_confirmation").result();
        out.println("Order " + order.get("order_id").asText() + " "
                + order.get("status").asText() + " (payment "
                + order.get("payment_id").asText() + ", authorization "
                + order.get("authorization_code").asText()
                + "), delivery by " + order.get("estimated_delivery").asText() + ":");
        for (JsonNode line : order.get("items")) {
            out.printf(
                    "  %d x %-20s %8s %9s%n",
                    line.get("quantity").asInt(),
                    line.get("name").asText(),
                    money(line, "unit_price"),
                    money(line, "line_total"));
        }
        out.printf("  %-33s %9s%n", "subtotal", money(order, "subtotal"));
        out.printf("  %-33s %9s%n", "tax (8%)", money(order, "tax"));
        out.printf("  %-33s %9s%n", "shipping (free from 100.00)", money(order, "shipping"));
        out.printf("  %-33s %9s%n", "total", money(order, "total"));
        out.println("Confirmation " + mail.get("message_id").asText() + " sent to "
                + mail.get("recipient").asText() + ": \"" + mail.get("subject").asText() + "\"");
        out.println("Order total: " + money(order, "total"));
    }

    private static void printTotal(TaskSnapshot done, PrintStream out) {
        JsonNode total = done.step("total").result();
        out.println("Order total: " + money(total, "total") + " (subtotal " + money(total, "subtotal") + ", tax "
                + money(total, "tax") + ", shipping " + money(total, "shipping") + ")");
    }

    private static String money(JsonNode node, String field) {
        return node.get(field).decimalValue().toPlainString();
    }
}
