package dev.tasker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link Handler} method parameter to the task input (the task's context).
 *
 * <ul>
 *   <li>{@code @Input("cart_items") List<CartItem> items}: one top-level field of the input, as
 *       {@link StepContext#getInput(String, Class)} would read it but with the full generic type;</li>
 *   <li>{@code @Input OrderInput order} (no key): the whole input converted to the parameter's type,
 *       typically a record. Fields absent from the input are {@code null} in the record; mark a record
 *       component {@code @JsonProperty(required = true)} to fail the step when it is absent.</li>
 * </ul>
 * An absent or JSON {@code null} field fails the step permanently when {@link #required()}, and binds
 * {@code null} (or an empty {@link java.util.Optional}) otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Input {

    /** The input field; empty (the default) for the whole input. */
    String value() default "";

    /**
     * Whether the step fails (permanently) when the field is absent or null; default true.
     * Ignored for {@link java.util.Optional} parameters, which are never required. A primitive
     * parameter cannot be optional.
     */
    boolean required() default true;
}
