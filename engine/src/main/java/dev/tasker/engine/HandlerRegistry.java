package dev.tasker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
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

/**
 * Finds the handler of every template step once, when the engine is built (reference §2.6):
 * an explicitly registered callable first, then a callable that names a class implementing
 * {@link StepHandler}; {@code handler.method} then calls that public method of the handler.
 * Every step that cannot be resolved is reported together, naming template and step.
 */
final class HandlerRegistry {
    private final Map<StepDefinition, StepHandler> byStep = new IdentityHashMap<>();

    private HandlerRegistry() {
    }

    /** No handlers: for an operator-mode engine, which never runs a step. */
    static HandlerRegistry none() {
        return new HandlerRegistry();
    }

    static HandlerRegistry resolve(List<TaskTemplate> templates, Map<String, StepHandler> explicit,
                                   ClassLoader loader) {
        HandlerRegistry registry = new HandlerRegistry();
        List<String> problems = new ArrayList<>();
        for (TaskTemplate t : templates) {
            for (StepDefinition step : t.steps()) {
                try {
                    registry.byStep.put(step, resolveStep(step, explicit, loader));
                } catch (HandlerResolutionException e) {
                    problems.add("template " + t.key() + " (" + t.source() + "), step '" + step.name() + "': "
                            + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HandlerResolutionException(problems.size() + " step handler(s) cannot be resolved:\n  "
                    + String.join("\n  ", problems));
        }
        return registry;
    }

    StepHandler handlerFor(StepDefinition step) {
        StepHandler h = byStep.get(step);
        if (h == null) {
            throw new IllegalStateException("no handler resolved for step " + step.name());
        }
        return h;
    }

    private static StepHandler resolveStep(StepDefinition step, Map<String, StepHandler> explicit,
                                           ClassLoader loader) {
        String callable = step.handler().callable();
        StepHandler base = explicit.get(callable);
        if (base == null) {
            base = instantiate(callable, step.handler().initialization(), loader);
        }
        if (step.handler().usesMethodDispatch()) {
            return methodDispatch(base, step.handler().method(), callable);
        }
        return base;
    }

    private static StepHandler instantiate(String callable, ObjectNode config, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(callable, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new HandlerResolutionException("no handler for callable '" + callable
                    + "': register one with Tasker.builder().handler(\"" + callable
                    + "\", ...), or name a class implementing dev.tasker.api.StepHandler");
        }
        if (!StepHandler.class.isAssignableFrom(type)) {
            throw new HandlerResolutionException("class " + callable + " does not implement dev.tasker.api.StepHandler");
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new HandlerResolutionException("class " + callable + " is abstract");
        }
        return construct(type.asSubclass(StepHandler.class), config == null ? Json.object() : config);
    }

    private static StepHandler construct(Class<? extends StepHandler> type, ObjectNode config) {
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
                    + " needs a public no-argument constructor or one taking the step config (JsonNode)");
        } catch (InvocationTargetException e) {
            throw new HandlerResolutionException("constructing " + type.getName() + " failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerResolutionException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static StepHandler methodDispatch(StepHandler target, String methodName, String callable) {
        Method m;
        try {
            m = target.getClass().getMethod(methodName, StepContext.class);
        } catch (NoSuchMethodException e) {
            throw new HandlerResolutionException("handler " + target.getClass().getName() + " for callable '"
                    + callable + "' has no public method " + methodName + "(StepContext) (handler.method)");
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

    static JsonNode configOf(StepDefinition step) {
        ObjectNode init = step.handler().initialization();
        return init == null ? Json.object() : init;
    }
}
