package dev.tasker.cli;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.examples.Examples;
import dev.tasker.examples.quickstart.PriceOrder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code tasker demo [--db JDBC_URL]}: runs the quick-start workflow end to end on the default embedded
 * H2 file ({@code ./.tasker}), printing the DAG, each step as it runs, and the result.
 */
final class DemoCommand implements CliCommand {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return "demo [--db JDBC_URL]";
    }

    @Override
    public String summary() {
        return "price a cart with the quick-start workflow on the embedded H2 database";
    }

    @Override
    public Set<String> flags() {
        return Set.of("db");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) {
        args.allowFlags();
        TaskerBuilder builder = Tasker.builder().classpathTemplates("tasker/templates");
        String db = args.option("db", null);
        if (db != null) {
            builder.jdbcUrl(db);
        }
        // The folder holds every example's template, so the engine needs every example's handlers.
        Examples.registerAll(builder).decorateHandlers(h -> printing(h, out));
        try (Tasker tasker = builder.build()) {
            TaskTemplate template = tasker.templates().find(PriceOrder.NAMESPACE, PriceOrder.NAME, null).orElseThrow();
            out.println("Workflow " + template.key() + " (" + template.source() + "):");
            out.println(TemplateDiagram.mermaid(template));
            List<Map<String, Object>> cart = List.of(
                    Map.of("sku", "MUG-1", "name", "Tasker mug", "price", 29.99, "quantity", 2),
                    Map.of("sku", "TEE-1", "name", "Tasker tee", "price", 49.99, "quantity", 1));
            out.println("Cart: 2 x 29.99 (Tasker mug), 1 x 49.99 (Tasker tee)");
            TaskHandle handle = tasker.submit(TaskRequest.of(PriceOrder.NAMESPACE, PriceOrder.NAME,
                    Map.of("order_id", "demo-" + UUID.randomUUID(), "items", cart)));
            out.println("Task " + handle.taskId() + " submitted (committed to the database)");
            TaskSnapshot done = handle.await(Duration.ofSeconds(60));
            printResult(done, out);
            return done.isComplete() ? 0 : 1;
        }
    }

    private static StepHandler printing(StepHandler inner, PrintStream out) {
        return ctx -> {
            long t0 = System.nanoTime();
            out.printf("  > %-18s attempt %d%n", ctx.stepName(), ctx.attempt());
            StepHandlerResult r = inner.call(ctx);
            out.printf("  + %-18s done in %.2f ms%n", ctx.stepName(), (System.nanoTime() - t0) / 1e6);
            return r;
        };
    }

    private static void printResult(TaskSnapshot done, PrintStream out) {
        out.println("Task " + done.state().wireName() + ":");
        for (StepSnapshot s : done.steps()) {
            out.printf("  %-18s %-10s attempts %d  %s%n", s.name(), s.state().wireName(), s.attempts(),
                    s.result() != null ? s.result() : s.error());
        }
        if (done.isComplete()) {
            var total = done.step("total").result();
            out.println("Order total: " + total.get("total").decimalValue().toPlainString() + " (subtotal "
                    + total.get("subtotal").decimalValue().toPlainString() + ", tax "
                    + total.get("tax").decimalValue().toPlainString() + ", shipping "
                    + total.get("shipping").decimalValue().toPlainString() + ")");
        }
    }
}
