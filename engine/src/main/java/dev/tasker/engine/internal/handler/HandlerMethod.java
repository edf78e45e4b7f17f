package dev.tasker.engine.internal.handler;

import dev.tasker.api.Handler;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonMapping;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Handler @Handler} method as a {@link StepHandler}: binds each parameter from the context
 * ({@link ParameterBinding}), calls the method through a method handle made once at registration (the call
 * is on every step's path), and turns what it returns into a result. A method handle does not wrap what
 * the method throws, so {@code PermanentError} and {@code RetryableError} classify as thrown.
 */
public final class HandlerMethod implements StepHandler {
    private final String label;
    private final String where;
    private final MethodHandle invoker;
    private final ParameterBinding[] parameters;
    private final boolean returnsVoid;

    private HandlerMethod(
            String label, String where, MethodHandle invoker, ParameterBinding[] parameters, boolean returnsVoid) {
        this.label = label;
        this.where = where;
        this.invoker = invoker;
        this.parameters = parameters;
        this.returnsVoid = returnsVoid;
    }

    /** The same handler, binding its parameters with {@code json}. */
    public HandlerMethod using(JsonMapping json) {
        ParameterBinding[] rebound = new ParameterBinding[parameters.length];
        for (int i = 0; i < rebound.length; i++) {
            rebound[i] = parameters[i].using(json);
        }
        return new HandlerMethod(label, where, invoker, rebound, returnsVoid);
    }

    /**
     * Every {@code @Handler} method of {@code bean}, by the callable it names.
     *
     * @throws IllegalArgumentException when there is none, two name the same callable, or one cannot be bound
     */
    public static Map<String, HandlerMethod> of(Object bean) {
        Objects.requireNonNull(bean, "handler object");
        if (bean instanceof Class<?> c) {
            throw new IllegalArgumentException("pass an instance of " + c.getName() + ", not the class (or name the "
                    + "class in the template's handler.callable to have the engine make one)");
        }
        List<Method> methods = annotatedMethods(bean.getClass());
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(bean.getClass().getName() + " has no @Handler method");
        }
        Map<String, HandlerMethod> out = new LinkedHashMap<>();
        for (Method m : methods) {
            String callable = callable(m);
            HandlerMethod h = bind(bean, m, callable);
            HandlerMethod before = out.putIfAbsent(callable, h);
            if (before != null) {
                throw new IllegalArgumentException("callable '" + callable + "' is named by two @Handler methods: "
                        + before.where + " and " + h.where);
            }
        }
        return out;
    }

    /**
     * The public {@code @Handler} methods of a class, each as the declaration that carries the annotation,
     * which may be a method it overrides: subclasses and proxies keep their handlers, and the parameter
     * annotations are read where they were written. Calls still dispatch to the override.
     *
     * @throws IllegalArgumentException naming any {@code @Handler} method that is not public
     */
    static List<Method> annotatedMethods(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Handler.class) && !Modifier.isPublic(m.getModifiers())) {
                    throw new IllegalArgumentException(
                            "@Handler method " + c.getSimpleName() + "." + m.getName() + " must be public");
                }
            }
        }
        List<Method> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            Method declaration = m.isBridge() || m.isSynthetic() ? null : declaration(m);
            if (declaration != null) {
                out.add(declaration);
            }
        }
        out.sort((a, b) -> a.getName().equals(b.getName())
                ? a.toString().compareTo(b.toString())
                : a.getName().compareTo(b.getName()));
        return out;
    }

    /** The callable a method returned by {@link #annotatedMethods} handles. */
    static String callable(Method declaration) {
        return declaration.getAnnotation(Handler.class).value();
    }

    /** {@code m} if it carries {@code @Handler}, else the method it overrides that does, else null. */
    private static Method declaration(Method m) {
        if (m.isAnnotationPresent(Handler.class)) {
            return m;
        }
        List<Class<?>> types = new ArrayList<>(List.of(m.getDeclaringClass().getInterfaces()));
        for (Class<?> c = m.getDeclaringClass().getSuperclass();
                c != null && c != Object.class;
                c = c.getSuperclass()) {
            types.add(c);
            types.addAll(List.of(c.getInterfaces()));
        }
        for (Class<?> c : types) {
            try {
                Method d = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (d.isAnnotationPresent(Handler.class)) {
                    return d;
                }
            } catch (NoSuchMethodException e) {
                // not declared there; look further up
            }
        }
        return null;
    }

    /**
     * A handler calling {@code method} on {@code target} (null for a static method).
     *
     * @param callable names the handler in messages
     * @throws IllegalArgumentException when the method's declaration cannot be bound
     */
    static HandlerMethod bind(Object target, Method method, String callable) {
        return bind(target, method, callable, JsonMapping.DEFAULT);
    }

    /** As {@link #bind(Object, Method, String)}, binding parameters with {@code json}. */
    static HandlerMethod bind(Object target, Method method, String callable, JsonMapping json) {
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        if (!Modifier.isPublic(method.getModifiers())) {
            throw new IllegalArgumentException("@Handler method " + where + " must be public");
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        if (!isStatic && target == null) {
            throw new IllegalArgumentException(
                    "@Handler method " + where + " is not static and has no object to run on");
        }
        List<String> problems = new ArrayList<>();
        ParameterBinding[] params = new ParameterBinding[method.getParameterCount()];
        for (int i = 0; i < params.length; i++) {
            try {
                params[i] = ParameterBinding.of(method.getParameters()[i], i, json);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("@Handler method " + where + ": " + String.join("; ", problems));
        }
        MethodHandle invoker = invoker(method, isStatic ? null : target, where);
        return new HandlerMethod(
                callable + " (" + where + ")", where, invoker, params, method.getReturnType() == void.class);
    }

    /** An {@code (Object[]) -> Object} handle: bound to the target, arguments spread from one array. */
    private static MethodHandle invoker(Method method, Object target, String where) {
        MethodHandle mh;
        try {
            method.setAccessible(
                    true); // public methods of non-public classes (handler objects in tests, nested classes)
            mh = MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "@Handler method " + where + " is not accessible to the engine (" + e.getMessage()
                            + "); make its class public, or open its package to dev.tasker.engine",
                    e);
        }
        if (target != null) {
            mh = mh.bindTo(target);
        }
        int n = method.getParameterCount();
        return mh.asType(MethodType.genericMethodType(n)).asSpreader(Object[].class, n);
    }

    @Override
    public StepHandlerResult call(StepContext context) throws Exception {
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = parameters[i].bind(context, label);
        }
        Object value;
        try {
            value = (Object) invoker.invokeExact(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
        if (returnsVoid) {
            return StepHandlerResult.success(Json.object());
        }
        if (value == null || value instanceof StepHandlerResult) {
            return (StepHandlerResult) value; // null: the engine's rule fails the step permanently
        }
        return StepHandlerResult.success(value);
    }

    @Override
    public String toString() {
        return "@Handler " + label;
    }
}
