package dev.tasker.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the callable a {@link dev.tasker.api.StepHandler} bean handles, as written in templates'
 * {@code handler.callable}. Put it on the handler's class or on its {@code @Bean} method:
 *
 * <pre>{@code
 * @Component
 * @HandlesCallable("send_invoice")
 * class SendInvoice implements StepHandler { ... }
 * }</pre>
 *
 * A {@code StepHandler} bean without it handles the callable of its bean name ({@code @Bean("send_invoice")}).
 * Beans with {@link dev.tasker.api.Handler @Handler} methods need neither: each method names its callable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface HandlesCallable {

    /** The callable, e.g. {@code "send_invoice"}. */
    String value();
}
