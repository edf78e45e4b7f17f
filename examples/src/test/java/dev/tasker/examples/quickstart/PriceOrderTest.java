package dev.tasker.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.examples.Examples;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriceOrderTest {

    private static Tasker engine() {
        // The folder holds every example's template, so the engine needs every example's handlers.
        return Examples.registerAll(Tasker.builder()
                        .jdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                        .classpathTemplates(Examples.TEMPLATES)
                        .clock(new ManualClock()))
                .build();
    }

    private static TaskSnapshot price(Tasker tasker, List<Map<String, Object>> items) {
        return tasker.submit(TaskRequest.of(PriceOrder.NAMESPACE, PriceOrder.NAME, Map.of("items", items)))
                .await(Duration.ofSeconds(20));
    }

    @Test
    void two_at_29_99_and_one_at_49_99_total_118_77_with_free_shipping() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = price(
                    tasker,
                    List.of(
                            Map.of("sku", "A", "price", 29.99, "quantity", 2),
                            Map.of("sku", "B", "price", 49.99, "quantity", 1)));
            assertEquals(TaskState.COMPLETE, s.state());
            var total = s.step("total").result();
            assertEquals("109.97", total.get("subtotal").decimalValue().toPlainString());
            assertEquals("8.80", total.get("tax").decimalValue().toPlainString());
            assertEquals("0.00", total.get("shipping").decimalValue().toPlainString());
            assertEquals("118.77", total.get("total").decimalValue().toPlainString());
        }
    }

    @Test
    void a_small_cart_pays_flat_shipping() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = price(tasker, List.of(Map.of("sku", "C", "price", 10.00, "quantity", 1)));
            assertEquals(
                    "20.79",
                    s.step("total").result().get("total").decimalValue().toPlainString());
        }
    }

    @Test
    void a_zero_quantity_fails_validation_permanently_and_nothing_else_runs() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = price(tasker, List.of(Map.of("sku", "D", "price", 5.00, "quantity", 0)));
            assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
            assertEquals(StepState.ERROR, s.step("validate_cart").state());
            assertEquals(StepState.PENDING, s.step("total").state());
        }
    }
}
