package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.Config;
import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Typed handlers run by the engine: records, lists, ancestors' results, config, and bad input. */
@TaskerTest(handlers = TypedHandlersEndToEndTest.CartHandlers.class)
class TypedHandlersEndToEndTest {
    static final String TEMPLATE = """
            name: checkout
            namespace_name: shop
            version: 1.0.0
            steps:
              - name: validate_cart
                handler:
                  callable: validate_cart
                  initialization: {max_items: 3}
                retry: {max_attempts: 3, backoff: none}
              - name: compute_tax
                handler:
                  callable: dev.tasker.testkit.TypedHandlersEndToEndTest$CartHandlers#tax
                  initialization: {rate: 0.08}
                dependencies: [validate_cart]
              - name: total
                handler: {callable: total}
                dependencies: [compute_tax]
            """;

    public record CartItem(String sku, int quantity, BigDecimal price) {}

    public record CartValidation(BigDecimal subtotal, int count) {}

    public record Order(String customer, Optional<String> coupon) {}

    public record Total(String customer, BigDecimal subtotal, BigDecimal tax, BigDecimal total, String step) {}

    /** The handlers under test; registered by {@code @TaskerTest(handlers = ...)}. */
    public static final class CartHandlers {
        @Handler("validate_cart")
        public CartValidation validate(@Input("cart_items") List<CartItem> items, @Config("max_items") int maxItems) {
            if (items.size() > maxItems) {
                throw new PermanentError(items.size() + " items; at most " + maxItems);
            }
            BigDecimal subtotal = BigDecimal.ZERO;
            for (CartItem i : items) {
                subtotal = subtotal.add(i.price().multiply(BigDecimal.valueOf(i.quantity())));
            }
            return new CartValidation(subtotal, items.size());
        }

        @Handler("compute_tax")
        public Map<String, BigDecimal> tax(
                @DependsOn(value = "validate_cart", path = "subtotal") BigDecimal subtotal,
                @Config("rate") BigDecimal rate) {
            return Map.of("tax", subtotal.multiply(rate).setScale(2, RoundingMode.HALF_UP));
        }

        @Handler("total")
        public Total total(
                @DependsOn("validate_cart") CartValidation cart,
                @DependsOn(value = "compute_tax", path = "tax") BigDecimal tax,
                @Input(value = "customer", required = false) String customer,
                StepContext ctx) {
            return new Total(customer, cart.subtotal(), tax, cart.subtotal().add(tax), ctx.stepName());
        }
    }

    @BeforeEach
    void template(TaskerTestEnvironment env) {
        env.templateYaml(TEMPLATE);
    }

    private static List<Map<String, Object>> items(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Map.<String, Object>of("sku", "S" + i, "quantity", 2, "price", new BigDecimal("4.40")))
                .toList();
    }

    @Test
    void typed_handlers_bind_input_records_ancestor_results_and_config_and_return_records(TaskerTestEnvironment env) {
        TaskSnapshot done =
                env.assertComplete(env.run("shop", "checkout", Map.of("cart_items", items(2), "customer", "ann")));

        assertEquals(
                new CartValidation(new BigDecimal("17.60"), 2),
                env.result(done, "validate_cart", CartValidation.class));
        assertEquals(
                new BigDecimal("1.41"),
                env.result(done, "compute_tax", Map.class).get("tax"),
                "a @Handler class named by the template callable (Class#method) ran");
        assertEquals(
                new Total("ann", new BigDecimal("17.60"), new BigDecimal("1.41"), new BigDecimal("19.01"), "total"),
                env.result(done, "total", Total.class));
    }

    @Test
    void a_missing_required_input_fails_the_step_permanently_naming_the_parameter(TaskerTestEnvironment env) {
        TaskSnapshot done = env.run("shop", "checkout", Map.of("customer", "ann"));

        StepSnapshot validate = done.step("validate_cart");
        assertEquals(StepState.ERROR, validate.state(), env.describe(done));
        assertEquals(1, validate.attempts(), "not retried: retrying cannot fix the input");
        assertEquals("permanent_error", validate.error().get("error_type").asText());
        assertEquals(
                "validate_cart (CartHandlers.validate): parameter 'items' (@Input(\"cart_items\")) is required "
                        + "but the task input has no 'cart_items'",
                validate.error().get("message").asText());
        assertEquals(StepState.PENDING, done.step("total").state());
    }

    @Test
    void a_value_of_the_wrong_shape_fails_the_step_permanently_naming_parameter_and_type(TaskerTestEnvironment env) {
        TaskSnapshot done = env.run("shop", "checkout", Map.of("cart_items", Map.of("sku", "not a list")));

        StepSnapshot validate = done.step("validate_cart");
        assertEquals(1, validate.attempts());
        String message = validate.error().get("message").asText();
        assertTrue(
                message.startsWith("validate_cart (CartHandlers.validate): parameter 'items' "
                        + "(@Input(\"cart_items\")) cannot be read as List<CartItem>: "),
                message);
    }

    @Test
    void a_permanent_error_thrown_by_a_typed_handler_is_not_wrapped(TaskerTestEnvironment env) {
        TaskSnapshot done = env.run("shop", "checkout", Map.of("cart_items", items(4)));

        StepSnapshot validate = done.step("validate_cart");
        assertEquals(1, validate.attempts());
        assertEquals("4 items; at most 3", validate.error().get("message").asText());
    }

    @Test
    void failures_can_be_injected_into_typed_handlers_too(TaskerTestEnvironment env) {
        env.inject("compute_tax").failTimes(1);

        TaskSnapshot done = env.assertComplete(env.run("shop", "checkout", Map.of("cart_items", items(1))));

        assertEquals(2, done.step("compute_tax").attempts());
    }
}
