package dev.tasker.engine.internal.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.Config;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Resolving template callables to {@code @Handler} methods by class name, and decorating every handler. */
class HandlerResolutionTest {

    /** Two handler methods; built by the engine from the step config. */
    public static final class CartHandlers {
        private final String greeting;

        public CartHandlers(JsonNode config) {
            this.greeting = config.path("greeting").asText("hello");
        }

        @Handler("validate_cart")
        public String validate(@Input("who") String who) {
            return greeting + " " + who;
        }

        @Handler("count")
        public int count(@Config("n") int n) {
            return n;
        }
    }

    /** One handler method. */
    public static final class Single {
        @Handler("only")
        public String only() {
            return "only";
        }
    }

    /** Static handler methods need no object. */
    public static final class Statics {
        private Statics() {}

        @Handler("twice")
        public static int twice(@Input("n") int n) {
            return 2 * n;
        }
    }

    /** A StepHandler that also has a typed method: by class name alone it is still a StepHandler. */
    public static final class Both implements StepHandler {
        @Override
        public StepHandlerResult call(StepContext context) {
            return StepHandlerResult.success("call");
        }

        @Handler("typed")
        public String typed() {
            return "typed";
        }
    }

    private static TaskTemplate template(String callable, String method, String init) {
        return TemplateLoader.builder()
                .build()
                .loadString(
                        """
                name: t
                namespace_name: ns
                version: 1.0.0
                steps:
                  - name: a
                    handler:
                      callable: "%s"
                %s%s
                """.formatted(
                                        callable,
                                        method == null ? "" : "      method: " + method + "\n",
                                        init == null ? "" : "      initialization: " + init),
                        "t.yaml");
    }

    private static Object run(
            String callable, String method, String init, Map<Class<?>, Object> beans, FakeStepContext ctx)
            throws Exception {
        TaskTemplate t = template(callable, method, init);
        StepHandler h = HandlerRegistry.resolve(
                        List.of(t),
                        Map.of(),
                        beans,
                        UnaryOperator.identity(),
                        HandlerResolutionTest.class.getClassLoader())
                .handlerFor(t.requireStep("a"));
        return assertInstanceOf(StepHandlerResult.Success.class, h.call(ctx)).result();
    }

    private static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void a_callable_naming_a_class_and_method_runs_that_handler_method_on_an_object_made_from_the_config()
            throws Exception {
        assertEquals(
                "hi ann",
                run(
                        name(CartHandlers.class) + "#validate",
                        null,
                        "{greeting: hi}",
                        Map.of(),
                        new FakeStepContext().input("who", "ann")));
    }

    @Test
    void handler_method_selects_a_handler_method_by_its_java_name_or_its_callable() throws Exception {
        FakeStepContext ctx = new FakeStepContext().input("who", "bo").config("n", 3);
        assertEquals("hello bo", run(name(CartHandlers.class), "validate", null, Map.of(), ctx));
        assertEquals(3, run(name(CartHandlers.class), "count", "{n: 3}", Map.of(), ctx));
        assertEquals("hello bo", run(name(CartHandlers.class) + "#validate_cart", null, null, Map.of(), ctx));
    }

    @Test
    void a_class_with_one_handler_method_needs_no_method_name() throws Exception {
        assertEquals("only", run(name(Single.class), null, null, Map.of(), new FakeStepContext()));
    }

    @Test
    void a_static_handler_method_needs_no_object() throws Exception {
        assertEquals(8, run(name(Statics.class) + "#twice", null, null, Map.of(), new FakeStepContext().input("n", 4)));
    }

    @Test
    void a_registered_object_of_the_named_class_is_used_rather_than_a_new_one() throws Exception {
        CartHandlers registered = new CartHandlers(Json.MAPPER.readTree("{\"greeting\": \"registered\"}"));
        assertEquals(
                "registered cy",
                run(
                        name(CartHandlers.class) + "#validate",
                        null,
                        "{greeting: made}",
                        Map.of(CartHandlers.class, registered),
                        new FakeStepContext().input("who", "cy")));
    }

    @Test
    void a_step_handler_class_keeps_its_rule_unless_a_handler_method_is_named() throws Exception {
        assertEquals("call", run(name(Both.class), null, null, Map.of(), new FakeStepContext()));
        assertEquals("typed", run(name(Both.class) + "#typed", null, null, Map.of(), new FakeStepContext()));
    }

    @Test
    void an_ambiguous_or_unknown_method_fails_the_build_listing_the_handler_methods() {
        HandlerResolutionException none = assertThrows(
                HandlerResolutionException.class,
                () -> run(name(CartHandlers.class), null, null, Map.of(), new FakeStepContext()));
        assertTrue(
                none.getMessage()
                        .contains("step 'a': class " + name(CartHandlers.class) + " has 2 @Handler "
                                + "methods; name one with handler.method"),
                none.getMessage());
        assertTrue(none.getMessage().contains("validate (@Handler(\"validate_cart\"))"), none.getMessage());
        HandlerResolutionException unknown = assertThrows(
                HandlerResolutionException.class,
                () -> run(name(CartHandlers.class) + "#nope", null, null, Map.of(), new FakeStepContext()));
        assertTrue(unknown.getMessage().contains("has no @Handler method(s) named 'nope'"), unknown.getMessage());
        HandlerResolutionException conflict = assertThrows(
                HandlerResolutionException.class,
                () -> run(name(CartHandlers.class) + "#validate", "count", null, Map.of(), new FakeStepContext()));
        assertTrue(
                conflict.getMessage().contains("names method 'validate' but handler.method is 'count'"),
                conflict.getMessage());
    }

    @Test
    void a_class_that_is_neither_a_step_handler_nor_has_handler_methods_is_refused() {
        HandlerResolutionException e = assertThrows(
                HandlerResolutionException.class,
                () -> run("java.lang.String", null, null, Map.of(), new FakeStepContext()));
        assertTrue(
                e.getMessage()
                        .contains("class java.lang.String neither implements dev.tasker.api.StepHandler nor "
                                + "has @Handler methods"),
                e.getMessage());
    }

    @Test
    void the_decorator_wraps_every_resolved_handler() throws Exception {
        TaskTemplate t = template(name(Single.class), null, null);
        StepHandler h = HandlerRegistry.resolve(
                        List.of(t),
                        Map.of(),
                        Map.of(),
                        inner -> ctx -> StepHandlerResult.success(
                                "wrapped " + ((StepHandlerResult.Success) inner.call(ctx)).result()),
                        HandlerResolutionTest.class.getClassLoader())
                .handlerFor(t.requireStep("a"));
        assertEquals("wrapped only", ((StepHandlerResult.Success) h.call(new FakeStepContext())).result());
    }
}
