package dev.tasker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a step handler: a <em>typed handler</em>, whose parameters the engine binds from
 * the step's context instead of handing it a {@link StepContext} to read from.
 *
 * <pre>{@code
 * public final class CartHandlers {
 *     @Handler("validate_cart")
 *     public CartValidation validate(@Input("cart_items") List<CartItem> items,
 *                                    @Config("max_items") int maxItems) { ... }
 *
 *     @Handler("compute_tax")
 *     public Tax tax(@DependsOn("validate_cart") CartValidation cart, StepContext ctx) { ... }
 * }
 * Tasker.builder().handlers(new CartHandlers())...   // registers both callables
 * }</pre>
 *
 * <p>Every parameter is either a {@link StepContext} (bound as it is) or carries exactly one of
 * {@link Input}, {@link DependsOn} or {@link Config}. Values are converted with the engine's Jackson
 * mapper to the parameter's full generic type ({@code List<CartItem>}, records, {@code BigDecimal},
 * {@code LocalDate}...); a {@link java.util.Optional} parameter is never required and is empty when the
 * value is absent. The naming rule: task data is snake_case and Java is camelCase, so a record component
 * or POJO property {@code invoiceId} reads the field {@code invoice_id}, and a returned record is written
 * with snake_case fields ({@code @JsonProperty("name")} wins; {@code TaskerBuilder.json(...)} changes the
 * rule). Numbers are strict: {@code 2.7} for an {@code int}, or a value out of its range, fails the step;
 * nothing is rounded.
 * A required value that is absent, or a value of the wrong shape, fails the step permanently with a
 * message naming the method, the parameter and the key: retrying cannot fix its input. Parameter names
 * appear in those messages when the handler's class is compiled with {@code -parameters}.
 *
 * <p>What the method returns becomes the outcome: a {@link StepHandlerResult} as it is; {@code void} a
 * success with an empty object; {@code null} a permanent failure (as for any handler); anything else
 * (a record, a map, a number) a success with that value as the result. Exceptions it throws are
 * classified as for {@link StepHandler}: {@link PermanentError}, {@link RetryableError}, anything else
 * retryable.
 *
 * <p>How handlers are found:
 * <ul>
 *   <li>registering an object ({@code TaskerBuilder.handlers(bean)}) registers each of its
 *       {@code @Handler} methods under the callable named here;</li>
 *   <li>a template callable naming a class with {@code @Handler} methods resolves to one of them:
 *       {@code callable: com.acme.CartHandlers#validate}, or {@code callable: com.acme.CartHandlers}
 *       with {@code handler.method: validate}, or just the class when it has a single {@code @Handler}
 *       method. The method is matched by its Java name or by its {@code @Handler} value. The class
 *       needs a public no-argument constructor (or one taking the step config as a {@code JsonNode}),
 *       unless the method is static or an object of that class was registered.</li>
 * </ul>
 * The method must be public; it may be static. Its class must be accessible to the engine (in a named
 * module, open the package to {@code dev.tasker.engine}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Handler {

    /** The callable this method handles, as written in templates' {@code handler.callable}. */
    String value();
}
