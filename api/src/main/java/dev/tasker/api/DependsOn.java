package dev.tasker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link Handler} method parameter to the result of an ancestor step (any transitive ancestor,
 * not only a direct parent), converted to the parameter's type.
 *
 * <pre>{@code
 * @Handler("compute_tax")
 * public Tax tax(@DependsOn("validate_cart") CartValidation cart,
 *                @DependsOn(value = "validate_cart", path = "subtotal") BigDecimal subtotal) { ... }
 * }</pre>
 *
 * A {@link #path()} reads a field inside the result, as {@link StepContext#getDependencyField} does.
 * An absent result or field fails the step permanently when {@link #required()}, and binds {@code null}
 * (or an empty {@link java.util.Optional}) otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface DependsOn {

    /** The ancestor step's name. */
    String value();

    /** Object keys (or array indexes) to follow inside the result; empty (the default) for the whole result. */
    String[] path() default {};

    /**
     * Whether the step fails (permanently) when the result or field is absent or null; default true.
     * Ignored for {@link java.util.Optional} parameters, which are never required.
     */
    boolean required() default true;
}
