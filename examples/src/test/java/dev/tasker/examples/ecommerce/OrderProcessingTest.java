package dev.tasker.examples.ecommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderProcessingTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static final List<String> STEPS =
            List.of("validate_cart", "process_payment", "update_inventory", "create_order", "send_confirmation");

    static Map<String, Object> item(String sku, String name, int quantity, String price) {
        return Map.of("sku", sku, "name", name, "quantity", quantity, "unit_price", new BigDecimal(price));
    }

    static Map<String, Object> order(String token, List<Map<String, Object>> items) {
        Map<String, Object> input = new HashMap<>();
        input.put("customer_email", "ann@example.com");
        input.put("items", items);
        if (token != null) {
            input.put("payment_token", token);
        }
        return input;
    }

    static final List<Map<String, Object>> MUGS_AND_TEE =
            List.of(item("MUG-1", "Tasker mug", 2, "29.99"), item("TEE-1", "Tasker tee", 1, "49.99"));

    private static TaskSnapshot run(TaskerTestEnvironment env, Map<String, Object> input) {
        return env.run(OrderProcessing.NAMESPACE, OrderProcessing.NAME, input);
    }

    @Test
    void two_at_29_99_and_one_at_49_99_cost_118_77_with_free_shipping(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, order("tok_test_visa", MUGS_AND_TEE)));

        ValidatedCart cart = env.result(done, "validate_cart", ValidatedCart.class);
        assertEquals(
                List.of(new BigDecimal("59.98"), new BigDecimal("49.99")),
                cart.validatedItems().stream().map(LineItem::lineTotal).toList());
        assertEquals(new BigDecimal("109.97"), cart.subtotal());
        assertEquals(new BigDecimal("8.80"), cart.tax());
        assertEquals(new BigDecimal("0.00"), cart.shipping());
        assertEquals(new BigDecimal("118.77"), cart.total());
        assertEquals(
                new BigDecimal("118.77"),
                env.result(done, "process_payment", PaymentReceipt.class).amountCharged());
        Order order = env.result(done, "create_order", Order.class);
        assertEquals(new BigDecimal("118.77"), order.total());
        assertEquals("confirmed", order.status());
        assertEquals("2026-01-08", order.estimatedDelivery(), "7 days after the test clock's 2026-01-01");
        assertEquals(
                3,
                env.result(done, "update_inventory", InventoryReservation.class).totalItemsReserved());
        Confirmation mail = env.result(done, "send_confirmation", Confirmation.class);
        assertEquals("ann@example.com", mail.recipient());
        assertTrue(mail.bodyPreview().contains("totalling $118.77"), mail.bodyPreview());
        STEPS.forEach(s -> assertEquals(1, done.step(s).attempts(), s));
        assertEquals(Duration.ZERO, env.elapsed());
    }

    @Test
    void one_at_10_00_pays_9_99_shipping_for_a_total_of_20_79(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, order(null, List.of(item("PEN-1", "Pen", 1, "10.00")))));

        ValidatedCart cart = env.result(done, "validate_cart", ValidatedCart.class);
        assertEquals(
                List.of(
                        new BigDecimal("10.00"),
                        new BigDecimal("0.80"),
                        new BigDecimal("9.99"),
                        new BigDecimal("20.79")),
                List.of(cart.subtotal(), cart.tax(), cart.shipping(), cart.total()));
    }

    @Test
    void the_contrib_payload_of_two_at_29_99_and_one_at_149_99_costs_226_77(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(
                env, order(null, List.of(item("A", "Widget", 2, "29.99"), item("B", "Gadget", 1, "149.99")))));

        Order order = env.result(done, "create_order", Order.class);
        assertEquals(
                List.of(
                        new BigDecimal("209.97"),
                        new BigDecimal("16.80"),
                        new BigDecimal("0.00"),
                        new BigDecimal("226.77")),
                List.of(order.subtotal(), order.tax(), order.shipping(), order.total()));
    }

    @Test
    void the_shops_order_id_names_the_order(TaskerTestEnvironment env) {
        Map<String, Object> input = order(null, MUGS_AND_TEE);
        input.put("order_id", "ORD-2026-0001");

        TaskSnapshot done = env.assertComplete(run(env, input));

        assertEquals(
                "ORD-2026-0001", env.result(done, "create_order", Order.class).orderId());
        assertEquals(
                "Order Confirmation - ORD-2026-0001",
                env.result(done, "send_confirmation", Confirmation.class).subject());
    }

    @Test
    void a_declined_card_blocks_the_order_and_nothing_after_the_payment_runs(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, order("tok_test_declined", MUGS_AND_TEE));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.COMPLETE, done.step("validate_cart").state());
        assertEquals(StepState.ERROR, done.step("process_payment").state());
        assertEquals(1, done.step("process_payment").attempts(), "a decline is not retried");
        assertEquals(
                "Payment declined for token tok_test_declined",
                done.step("process_payment").error().get("message").asText());
        for (String later : List.of("update_inventory", "create_order", "send_confirmation")) {
            assertEquals(StepState.PENDING, done.step(later).state(), later);
            assertTrue(env.invocations(later).isEmpty(), later + " never ran");
        }
    }

    @Test
    void an_empty_cart_fails_validation_permanently(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, order(null, List.of()));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("validate_cart").state());
        assertEquals(1, done.step("validate_cart").attempts(), "not retried although max_attempts is 2");
        assertEquals(
                "Cart is empty or items field is missing",
                done.step("validate_cart").error().get("message").asText());
    }

    @Test
    void a_zero_quantity_or_price_is_refused(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, order(null, List.of(item("MUG-1", "Mug", 0, "29.99"))));

        assertEquals(StepState.ERROR, done.step("validate_cart").state(), env.describe(done));
        assertEquals(
                "Item 'MUG-1' has invalid quantity: 0",
                done.step("validate_cart").error().get("message").asText());
    }

    @Test
    void a_gateway_error_on_the_first_attempt_is_retried_after_the_backoff(TaskerTestEnvironment env) {
        env.inject("process_payment").failTimes(1);

        TaskSnapshot done = env.assertComplete(run(env, order(null, MUGS_AND_TEE)));

        assertEquals(2, done.step("process_payment").attempts());
        assertEquals(Duration.ofMillis(100), env.elapsed(), "exponential backoff_base_ms 100, simulated");
        assertEquals(
                new BigDecimal("118.77"),
                env.result(done, "create_order", Order.class).total());
        assertEquals(1, env.invocations("update_inventory").size());
    }

    @Test
    void a_gateway_that_keeps_failing_uses_up_both_attempts(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, order("tok_test_gateway_error", MUGS_AND_TEE));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("process_payment").state());
        assertEquals(2, done.step("process_payment").attempts(), "max_attempts: 2");
        assertEquals(Duration.ofMillis(100), env.elapsed());
        assertTrue(env.invocations("update_inventory").isEmpty());
    }
}
