package dev.tasker.spring.boot;

import dev.tasker.api.Handler;
import dev.tasker.api.StepHandler;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.TaskerListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the application's handlers among its beans and registers them on a builder: beans with
 * {@link Handler @Handler} methods (each method under the callable it names), {@link StepHandler} beans (under
 * {@link HandlesCallable} or else the bean name) and {@link TaskerListener} beans. Types are read from the bean
 * definitions; only the beans found are created.
 */
final class HandlerBeans {
    private HandlerBeans() {}

    static void register(ListableBeanFactory beans, TaskerBuilder builder) {
        List<Object> withHandlerMethods = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(Object.class, true, false)) {
            Class<?> type = beans.getType(name, false);
            if (type == null) {
                continue;
            }
            if (StepHandler.class.isAssignableFrom(type)) {
                HandlesCallable named = beans.findAnnotationOnBean(name, HandlesCallable.class);
                String callable = named != null ? named.value() : name;
                try {
                    builder.handler(callable, beans.getBean(name, StepHandler.class));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(
                            "StepHandler bean '" + name + "' (" + type.getName() + "): " + e.getMessage(), e);
                }
            }
            if (hasHandlerMethod(ClassUtils.getUserClass(type))) {
                withHandlerMethods.add(beans.getBean(name));
            }
            if (TaskerListener.class.isAssignableFrom(type)) {
                builder.listener(beans.getBean(name, TaskerListener.class));
            }
        }
        try {
            builder.handlers(withHandlerMethods.toArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("handler beans: " + e.getMessage(), e);
        }
    }

    private static boolean hasHandlerMethod(Class<?> type) {
        boolean[] found = {false};
        ReflectionUtils.doWithMethods(
                type,
                m -> found[0] = true,
                (Method m) -> !found[0] && AnnotationUtils.findAnnotation(m, Handler.class) != null);
        return found[0];
    }
}
