package dev.tasker.engine.internal.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.internal.support.JsonMapping;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.TaskTemplate;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Finds the handler of every template step once, when the engine is built (reference §2.6):
 * an explicitly registered callable first (a {@link StepHandler}, or a {@link dev.tasker.api.Handler @Handler}
 * method of a registered object), then a callable that names a class: one with {@code @Handler} methods
 * ({@code com.acme.CartHandlers#validate}, or the class with {@code handler.method: validate}, or the class
 * alone when it has one such method; a registered object of that class is used rather than a new one),
 * else one implementing {@link StepHandler}, where {@code handler.method} (or {@code #method}) calls that
 * public method of the handler. The decorator then wraps each step's handler. Every step that cannot be
 * resolved is reported together, naming template and step.
 */
public final class HandlerRegistry {
    private final Map<StepDefinition, StepHandler> byStep = new IdentityHashMap<>();

    private HandlerRegistry() {}

    /** No handlers: for an operator-mode engine, which never runs a step. */
    public static HandlerRegistry none() {
        return new HandlerRegistry();
    }

    public static HandlerRegistry resolve(
            List<TaskTemplate> templates, Map<String, StepHandler> explicit, ClassLoader loader) {
        return resolve(templates, explicit, Map.of(), UnaryOperator.identity(), loader);
    }

    public static HandlerRegistry resolve(
            List<TaskTemplate> templates,
            Map<String, StepHandler> explicit,
            Map<Class<?>, Object> beans,
            UnaryOperator<StepHandler> decorator,
            ClassLoader loader) {
        return resolve(templates, explicit, beans, decorator, loader, JsonMapping.DEFAULT);
    }

    /**
     * @param beans registered handler objects by class, used when a callable names their class
     * @param decorator wraps every resolved handler
     * @param json binds the parameters of {@code @Handler} methods
     */
    public static HandlerRegistry resolve(
            List<TaskTemplate> templates,
            Map<String, StepHandler> explicit,
            Map<Class<?>, Object> beans,
            UnaryOperator<StepHandler> decorator,
            ClassLoader loader,
            JsonMapping json) {
        HandlerRegistry registry = new HandlerRegistry();
        List<String> problems = new ArrayList<>();
        for (TaskTemplate t : templates) {
            for (StepDefinition step : t.steps()) {
                if (t.extensions().signal(step.name()).isPresent()
                        || t.extensions().subWorkflow(step.name()).isPresent()) {
                    continue; // it waits (a signal, a child task): its handler is never called
                }
                try {
                    StepHandler h = decorator.apply(resolveStep(step, explicit, beans, loader, json));
                    if (h == null) {
                        throw new HandlerResolutionException("the handler decorator returned null");
                    }
                    registry.byStep.put(step, h);
                } catch (HandlerResolutionException e) {
                    problems.add("template " + t.key() + " (" + t.source() + "), step '" + step.name() + "': "
                            + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HandlerResolutionException(
                    problems.size() + " step handler(s) cannot be resolved:\n  " + String.join("\n  ", problems));
        }
        return registry;
    }

    public StepHandler handlerFor(StepDefinition step) {
        StepHandler h = byStep.get(step);
        if (h == null) {
            throw new IllegalStateException("no handler resolved for step " + step.name());
        }
        return h;
    }

    private static StepHandler resolveStep(
            StepDefinition step,
            Map<String, StepHandler> explicit,
            Map<Class<?>, Object> beans,
            ClassLoader loader,
            JsonMapping json) {
        String callable = step.handler().callable();
        StepHandler base = explicit.get(callable);
        if (base == null) {
            return byClassName(step, callable, beans, loader, json);
        }
        if (base instanceof HandlerMethod m && json != JsonMapping.DEFAULT) {
            base = m.using(json);
        }
        if (step.handler().usesMethodDispatch()) {
            if (base instanceof HandlerMethod) {
                throw new HandlerResolutionException("callable '" + callable + "' is the " + base + "; handler.method '"
                        + step.handler().method() + "' does not apply to it");
            }
            return methodDispatch(base, step.handler().method(), callable);
        }
        return base;
    }

    /** {@code com.acme.Handlers}, or {@code com.acme.Handlers#method}: a {@code @Handler} class or a StepHandler. */
    private static StepHandler byClassName(
            StepDefinition step, String callable, Map<Class<?>, Object> beans, ClassLoader loader, JsonMapping json) {
        int hash = callable.indexOf('#');
        String className = hash < 0 ? callable : callable.substring(0, hash);
        String method = step.handler().usesMethodDispatch() ? step.handler().method() : null;
        if (hash >= 0) {
            String named = callable.substring(hash + 1);
            if (method != null && !method.equals(named)) {
                throw new HandlerResolutionException("callable '" + callable + "' names method '" + named
                        + "' but handler.method is '" + method + "'");
            }
            method = named;
        }
        Class<?> type = load(callable, className, loader);
        ObjectNode config = step.handler().initialization();
        List<Method> typed;
        try {
            typed = HandlerMethod.annotatedMethods(type);
        } catch (IllegalArgumentException e) {
            throw new HandlerResolutionException(e.getMessage(), e);
        }
        boolean isStepHandler = StepHandler.class.isAssignableFrom(type);
        // A StepHandler class keeps its own rule (call, or handler.method) unless a @Handler method is named.
        if (!typed.isEmpty()
                && (!isStepHandler || method != null && !named(typed, method).isEmpty())) {
            Method m = select(type, typed, method);
            Object target = Modifier.isStatic(m.getModifiers())
                    ? null
                    : beans.containsKey(type) ? beans.get(type) : construct(type, config);
            try {
                return HandlerMethod.bind(target, m, HandlerMethod.callable(m), json);
            } catch (IllegalArgumentException e) {
                throw new HandlerResolutionException(e.getMessage(), e);
            }
        }
        if (!isStepHandler) {
            throw new HandlerResolutionException(
                    "class " + className + " neither implements dev.tasker.api.StepHandler nor has @Handler methods");
        }
        StepHandler base = construct(type.asSubclass(StepHandler.class), config);
        return method == null ? base : methodDispatch(base, method, callable);
    }

    private static Class<?> load(String callable, String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new HandlerResolutionException("no handler for callable '" + callable
                    + "': register one with Tasker.builder().handler(\"" + callable
                    + "\", ...) or .handlers(an object with a @Handler(\"" + callable + "\") method), or name a class "
                    + "implementing dev.tasker.api.StepHandler or with @Handler methods");
        }
        return type;
    }

    /** The {@code @Handler} method named {@code name} (its Java name or its callable), or the only one. */
    private static Method select(Class<?> type, List<Method> typed, String name) {
        List<String> known = typed.stream()
                .map(m -> m.getName() + " (@Handler(\"" + HandlerMethod.callable(m) + "\"))")
                .toList();
        if (name == null) {
            if (typed.size() == 1) {
                return typed.get(0);
            }
            throw new HandlerResolutionException("class " + type.getName() + " has " + typed.size()
                    + " @Handler methods; name one with handler.method or " + type.getName() + "#method: " + known);
        }
        List<Method> found = named(typed, name);
        if (found.size() != 1) {
            throw new HandlerResolutionException(
                    "class " + type.getName() + " has " + (found.isEmpty() ? "no" : found.size())
                            + " @Handler method(s) named '" + name + "'; it has " + known);
        }
        return found.get(0);
    }

    private static List<Method> named(List<Method> typed, String name) {
        List<Method> found =
                typed.stream().filter(m -> m.getName().equals(name)).toList();
        return !found.isEmpty()
                ? found
                : typed.stream()
                        .filter(m -> HandlerMethod.callable(m).equals(name))
                        .toList();
    }

    private static <T> T construct(Class<T> type, ObjectNode config) {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new HandlerResolutionException("class " + type.getName() + " is abstract");
        }
        try {
            for (Constructor<?> c : type.getConstructors()) {
                Class<?>[] p = c.getParameterTypes();
                if (p.length == 1 && p[0].isAssignableFrom(ObjectNode.class)) {
                    return type.cast(c.newInstance(config.deepCopy()));
                }
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new HandlerResolutionException("class " + type.getName()
                    + " needs a public no-argument constructor or one taking the step config (JsonNode)"
                    + (StepHandler.class.isAssignableFrom(type) ? "" : ", or static @Handler methods"));
        } catch (InvocationTargetException e) {
            throw new HandlerResolutionException(
                    "constructing " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerResolutionException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static StepHandler methodDispatch(StepHandler target, String methodName, String callable) {
        Method m;
        try {
            m = target.getClass().getMethod(methodName, StepContext.class);
        } catch (NoSuchMethodException e) {
            throw new HandlerResolutionException("handler " + target.getClass().getName() + " for callable '" + callable
                    + "' has no public method " + methodName + "(StepContext) (handler.method)");
        }
        if (!StepHandlerResult.class.isAssignableFrom(m.getReturnType())) {
            throw new HandlerResolutionException("method " + target.getClass().getName() + "." + methodName
                    + "(StepContext) must return StepHandlerResult");
        }
        m.setAccessible(true);
        return new MethodHandler(target, m);
    }

    /** Calls one public method of a handler object; unwraps the reflective wrapper so errors classify as thrown. */
    private record MethodHandler(StepHandler target, Method method) implements StepHandler {
        @Override
        public StepHandlerResult call(StepContext context) throws Exception {
            try {
                return (StepHandlerResult) method.invoke(target, context);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }
}
