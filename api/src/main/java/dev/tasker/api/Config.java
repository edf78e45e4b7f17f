package dev.tasker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link Handler} method parameter to the step's configuration, its template
 * {@code handler.initialization} (resolved for the engine's environment).
 *
 * <ul>
 *   <li>{@code @Config("threshold") BigDecimal threshold}: one key, as {@link StepContext#getConfig(String)};</li>
 *   <li>{@code @Config TaxSettings settings} (no key): the whole configuration converted to the type.</li>
 * </ul>
 * An absent or null key fails the step permanently when {@link #required()}, and binds {@code null}
 * (or an empty {@link java.util.Optional}) otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Config {

    /** The configuration key; empty (the default) for the whole configuration. */
    String value() default "";

    /**
     * Whether the step fails (permanently) when the key is absent or null; default true.
     * Ignored for {@link java.util.Optional} parameters, which are never required.
     */
    boolean required() default true;
}
