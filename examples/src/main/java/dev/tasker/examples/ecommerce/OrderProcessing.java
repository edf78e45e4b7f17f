package dev.tasker.examples.ecommerce;

import dev.tasker.engine.TaskerBuilder;
import java.time.InstantSource;

/**
 * The e-commerce checkout workflow, {@code ecommerce_py/ecommerce_order_processing}
 * ({@code tasker/templates/ecommerce_order_processing.yaml}); its handlers and rules are in {@link OrderHandlers}.
 *
 * <pre>{@code
 * Tasker tasker = OrderProcessing.register(Tasker.builder().classpathTemplates("tasker/templates")).build();
 * TaskSnapshot done = tasker.submit(TaskRequest.of(OrderProcessing.NAMESPACE, OrderProcessing.NAME, Map.of(
 *         "customer_email", "ann@example.com",
 *         "items", List.of(Map.of("sku", "MUG-1", "name", "Mug", "quantity", 2, "unit_price", 29.99)))))
 *         .await(Duration.ofSeconds(30));
 * }</pre>
 */
public final class OrderProcessing {
    /** The template's namespace. */
    public static final String NAMESPACE = "ecommerce_py";
    /** The template's name. */
    public static final String NAME = "ecommerce_order_processing";

    private OrderProcessing() {}

    /** Registers the five handlers on the system clock. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, InstantSource.system());
    }

    /** Registers the five handlers, with timestamps from {@code clock}. */
    public static TaskerBuilder register(TaskerBuilder builder, InstantSource clock) {
        return builder.handlers(new OrderHandlers(clock));
    }
}
