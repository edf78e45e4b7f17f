package dev.tasker.engine.internal.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.Config;
import dev.tasker.api.DependsOn;
import dev.tasker.api.ErrorType;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.internal.support.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed handlers: how {@code @Handler} methods are checked, bound, called and read (no engine needed). */
class HandlerMethodTest {

    record CartItem(String sku, int quantity, BigDecimal price) {}

    record Cart(List<CartItem> items, String currency) {}

    record Order(@JsonProperty(required = true) String customer, Integer priority) {}

    record Validation(BigDecimal subtotal, int count) {}

    static final class Handlers {
        @Handler("validate_cart")
        public Validation validate(@Input("cart_items") List<CartItem> items, @Config("max_items") int maxItems) {
            if (items.size() > maxItems) {
                throw new PermanentError("too many items");
            }
            BigDecimal subtotal = BigDecimal.ZERO;
            for (CartItem i : items) {
                subtotal = subtotal.add(i.price().multiply(BigDecimal.valueOf(i.quantity())));
            }
            return new Validation(subtotal, items.size());
        }

        @Handler("whole_cart")
        public Map<String, Object> whole(@Input Cart cart, StepContext ctx) {
            return Map.of("currency", cart.currency(), "items", cart.items().size(), "step", ctx.stepName());
        }

        @Handler("tax")
        public BigDecimal tax(
                @DependsOn("validate_cart") Validation cart,
                @DependsOn(value = "validate_cart", path = "subtotal") BigDecimal subtotal,
                @Config("rate") BigDecimal rate) {
            return cart.subtotal().add(subtotal).multiply(rate);
        }

        @Handler("optional")
        public String optional(
                @Input("coupon") Optional<String> coupon,
                @Input(value = "note", required = false) String note,
                @Config(value = "mode", required = false) Optional<List<Integer>> mode) {
            return coupon.orElse("none") + "/" + note + "/"
                    + mode.map(List::size).orElse(-1);
        }

        @Handler("whole_config")
        public JsonNode config(@Config JsonNode config) {
            return config;
        }

        @Handler("order")
        public String order(@Input Order order) {
            return order.customer();
        }

        @Handler("nothing")
        public void nothing() {}

        @Handler("null")
        public Object returnsNull() {
            return null;
        }

        @Handler("explicit")
        public StepHandlerResult explicit() {
            return StepHandlerResult.failure("nope", ErrorType.VALIDATION_ERROR, false);
        }

        @Handler("retry")
        public Object retry() {
            throw new RetryableError("later");
        }

        @Handler("checked")
        public Object checked() throws IOException {
            throw new IOException("disk");
        }

        @Handler("static_one")
        public static int staticOne(@Input("n") int n) {
            return n + 1;
        }
    }

    private final Map<String, HandlerMethod> handlers = HandlerMethod.of(new Handlers());

    private Object result(String callable, StepContext ctx) throws Exception {
        StepHandlerResult r = handlers.get(callable).call(ctx);
        return assertInstanceOf(StepHandlerResult.Success.class, r).result();
    }

    private static List<Map<String, Object>> items() {
        return List.of(
                Map.of("sku", "A", "quantity", 2, "price", new BigDecimal("4.40")),
                Map.of("sku", "B", "quantity", 1, "price", new BigDecimal("0.10")));
    }

    @Test
    void every_handler_method_of_an_object_is_registered_under_its_callable() {
        assertEquals(
                List.of(
                        "checked",
                        "explicit",
                        "nothing",
                        "null",
                        "optional",
                        "order",
                        "retry",
                        "static_one",
                        "tax",
                        "validate_cart",
                        "whole_cart",
                        "whole_config"),
                handlers.keySet().stream().sorted().toList());
    }

    @Test
    void input_fields_bind_with_their_generic_types_and_exact_decimals() throws Exception {
        Object v = result(
                "validate_cart",
                new FakeStepContext().input("cart_items", items()).config("max_items", 5));
        assertEquals(new Validation(new BigDecimal("8.90"), 2), v);
    }

    @Test
    void the_whole_input_binds_as_a_record_beside_the_context() throws Exception {
        Object v = result(
                "whole_cart", new FakeStepContext().input("items", items()).input("currency", "EUR"));
        assertEquals(Map.of("currency", "EUR", "items", 2, "step", "step"), v);
    }

    @Test
    void ancestor_results_and_fields_inside_them_bind_with_config() throws Exception {
        Object v = result(
                "tax",
                new FakeStepContext()
                        .result("validate_cart", new Validation(new BigDecimal("10.00"), 1))
                        .config("rate", new BigDecimal("0.5")));
        assertEquals(new BigDecimal("10.000"), v);
    }

    @Test
    void optional_and_not_required_parameters_are_empty_or_null_when_absent() throws Exception {
        assertEquals("none/null/-1", result("optional", new FakeStepContext()));
        assertEquals(
                "SAVE/hi/2",
                result(
                        "optional",
                        new FakeStepContext()
                                .input("coupon", "SAVE")
                                .input("note", "hi")
                                .config("mode", List.of(1, 2))));
    }

    @Test
    void the_whole_config_binds_as_a_json_node() throws Exception {
        Object v = result("whole_config", new FakeStepContext().config("a", 1));
        assertEquals(1, ((JsonNode) v).get("a").asInt());
    }

    @Test
    void a_missing_required_input_fails_permanently_naming_handler_parameter_and_key() {
        PermanentError e = assertThrows(
                PermanentError.class,
                () -> handlers.get("validate_cart").call(new FakeStepContext().config("max_items", 5)));
        assertEquals(
                "validate_cart (Handlers.validate): parameter 'items' (@Input(\"cart_items\")) is required "
                        + "but the task input has no 'cart_items'",
                e.getMessage());
    }

    @Test
    void a_missing_config_key_or_ancestor_result_fails_permanently_naming_them() {
        PermanentError config = assertThrows(
                PermanentError.class,
                () -> handlers.get("validate_cart").call(new FakeStepContext().input("cart_items", items())));
        assertTrue(
                config.getMessage()
                        .contains("parameter 'maxItems' (@Config(\"max_items\")) is required but the "
                                + "step's handler.initialization has no 'max_items'"),
                config.getMessage());
        PermanentError dep = assertThrows(
                PermanentError.class, () -> handlers.get("tax").call(new FakeStepContext().config("rate", 1)));
        assertTrue(
                dep.getMessage()
                        .contains("parameter 'cart' (@DependsOn(\"validate_cart\")) is required but there "
                                + "is no result of step 'validate_cart'"),
                dep.getMessage());
        PermanentError field = assertThrows(
                PermanentError.class,
                () -> handlers.get("tax")
                        .call(new FakeStepContext()
                                .result("validate_cart", Map.of("count", 1))
                                .config("rate", 1)));
        assertTrue(
                field.getMessage()
                        .contains(
                                "parameter 'subtotal' (@DependsOn(value = \"validate_cart\", path = "
                                        + "{\"subtotal\"})) is required but the result of step 'validate_cart' has no 'subtotal'"),
                field.getMessage());
    }

    @Test
    void a_value_of_the_wrong_shape_fails_permanently_naming_the_parameter_and_type() {
        PermanentError e = assertThrows(
                PermanentError.class,
                () -> handlers.get("validate_cart")
                        .call(new FakeStepContext()
                                .input("cart_items", "not a list")
                                .config("max_items", 5)));
        assertTrue(
                e.getMessage()
                        .startsWith("validate_cart (Handlers.validate): parameter 'items' "
                                + "(@Input(\"cart_items\")) cannot be read as List<CartItem>: "),
                e.getMessage());
    }

    @Test
    void a_record_component_marked_required_fails_the_step_when_absent() throws Exception {
        assertEquals("ann", result("order", new FakeStepContext().input("customer", "ann")));
        PermanentError e =
                assertThrows(PermanentError.class, () -> handlers.get("order").call(new FakeStepContext()));
        assertTrue(
                e.getMessage().contains("parameter 'order' (@Input) cannot be read as Order")
                        && e.getMessage().contains("customer"),
                e.getMessage());
    }

    @Test
    void return_values_become_results() throws Exception {
        assertEquals(Json.object(), result("nothing", new FakeStepContext()));
        assertNull(handlers.get("null").call(new FakeStepContext()), "null is left to the engine's null rule");
        StepHandlerResult.Failure f = assertInstanceOf(
                StepHandlerResult.Failure.class, handlers.get("explicit").call(new FakeStepContext()));
        assertEquals(ErrorType.VALIDATION_ERROR, f.errorType());
        assertEquals(8, result("static_one", new FakeStepContext().input("n", 7)));
    }

    @Test
    void exceptions_from_the_method_are_thrown_unwrapped() {
        assertEquals(
                "too many items",
                assertThrows(
                                PermanentError.class,
                                () -> handlers.get("validate_cart")
                                        .call(new FakeStepContext()
                                                .input("cart_items", items())
                                                .config("max_items", 1)))
                        .getMessage());
        assertEquals(
                "later",
                assertThrows(RetryableError.class, () -> handlers.get("retry").call(new FakeStepContext()))
                        .getMessage());
        assertEquals(
                "disk",
                assertThrows(IOException.class, () -> handlers.get("checked").call(new FakeStepContext()))
                        .getMessage());
    }

    // ---- registration errors ----

    static final class Unannotated {
        @Handler("x")
        public int x(@Input("a") int a, String b) {
            return a;
        }
    }

    static final class TwoAnnotations {
        @Handler("x")
        public int x(@Input("a") @Config("a") int a) {
            return a;
        }
    }

    static final class NotPublic {
        @Handler("x")
        int x() {
            return 1;
        }
    }

    static final class OptionalPrimitive {
        @Handler("x")
        public int x(@Input(value = "a", required = false) int a) {
            return a;
        }
    }

    static final class SameCallable {
        @Handler("x")
        public int a() {
            return 1;
        }

        @Handler("x")
        public int b() {
            return 2;
        }
    }

    static final class AnnotatedContext {
        @Handler("x")
        public int x(@Input StepContext ctx) {
            return 1;
        }
    }

    private static String registrationError(Object bean) {
        return assertThrows(IllegalArgumentException.class, () -> HandlerMethod.of(bean))
                .getMessage();
    }

    @Test
    void a_parameter_without_a_binding_annotation_is_refused_at_registration() {
        assertEquals(
                "@Handler method Unannotated.x: parameter 'b' (String) needs exactly one of @Input, @DependsOn or "
                        + "@Config (only a StepContext parameter is bound without one)",
                registrationError(new Unannotated()));
        assertTrue(registrationError(new TwoAnnotations()).contains("parameter 'a' (int) needs exactly one of"));
        assertTrue(registrationError(new AnnotatedContext()).contains("is the StepContext; it takes no"));
    }

    @Test
    void a_non_public_method_is_refused_at_registration() {
        assertEquals("@Handler method NotPublic.x must be public", registrationError(new NotPublic()));
    }

    @Test
    void a_primitive_parameter_that_may_be_absent_is_refused_at_registration() {
        assertTrue(
                registrationError(new OptionalPrimitive())
                        .contains("parameter 'a' (@Input(\"a\")) is a int and " + "cannot be absent"),
                registrationError(new OptionalPrimitive()));
    }

    @Test
    void two_methods_naming_one_callable_are_refused_at_registration() {
        assertEquals(
                "callable 'x' is named by two @Handler methods: SameCallable.a and SameCallable.b",
                registrationError(new SameCallable()));
    }

    @Test
    void an_object_without_handler_methods_or_a_class_is_refused() {
        assertTrue(registrationError("plain").contains("java.lang.String has no @Handler method"));
        assertTrue(registrationError(Handlers.class).contains("pass an instance of"));
    }

    @Test
    void a_callable_registered_twice_on_the_builder_is_refused_naming_both() {
        TaskerBuilder b = Tasker.builder().handler("tax", ctx -> StepHandlerResult.success(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.handlers(new Handlers()));
        assertTrue(
                e.getMessage().contains("callable 'tax' of @Handler tax (Handlers.tax) is already registered"),
                e.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class, () -> Tasker.builder().handlers(new Handlers(), new Handlers()));
        assertTrue(
                twice.getMessage().contains("(Handlers.checked) is already registered: @Handler checked"),
                twice.getMessage());
        StepHandler lambda = ctx -> null;
        TaskerBuilder ok = Tasker.builder().handlers(new Handlers());
        assertThrows(IllegalArgumentException.class, () -> ok.handler("validate_cart", lambda));
    }

    @Test
    void a_handler_found_in_a_superclass_declaration_survives_an_override() throws Exception {
        class Proxy extends Sub {
            @Override
            public String hello(String name) {
                return super.hello(name) + "!";
            }
        }
        Map<String, HandlerMethod> found = HandlerMethod.of(new Proxy());
        StepHandlerResult r = found.get("hello").call(new FakeStepContext().input("name", "bo"));
        assertEquals(
                "hi bo!", assertInstanceOf(StepHandlerResult.Success.class, r).result());
        assertEquals(1, found.size());
    }

    static class Sub {
        @Handler("hello")
        public String hello(@Input("name") String name) {
            return "hi " + name;
        }
    }
}
