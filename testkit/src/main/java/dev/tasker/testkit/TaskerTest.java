package dev.tasker.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit Jupiter (5.10 and later, or 6) test class whose tests each get a {@link TaskerTestEnvironment} parameter, configured from
 * this annotation: a fresh in-memory H2 database, a manual clock, no backoff jitter, closed after the test.
 * Test methods (and {@code @BeforeEach} methods) may configure it further before running tasks.
 *
 * <pre>{@code
 * @TaskerTest(classpathTemplates = "tasker/templates", handlers = CartHandlers.class)
 * class CheckoutTest {
 *     @Test
 *     void checkout_survives_a_flaky_payment_provider(TaskerTestEnvironment env) {
 *         env.inject("charge_card").failTimes(2);
 *         TaskSnapshot done = env.run("ecommerce", "checkout", Map.of("cart_items", items));
 *         env.assertComplete(done);
 *         assertEquals(3, done.step("charge_card").attempts());
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TaskerExtension.class)
public @interface TaskerTest {

    /** Classpath folders of templates, e.g. {@code "tasker/templates"}. */
    String[] classpathTemplates() default {};

    /** Template files or folders on disk, relative to the working directory. */
    String[] templateFiles() default {};

    /**
     * Classes whose {@link dev.tasker.api.Handler @Handler} methods become handlers; each is made with its
     * no-argument constructor, once per test.
     */
    Class<?>[] handlers() default {};

    /** The template environment whose overrides apply; empty (the default) for none. */
    String environment() default "";

    /**
     * Whether template warnings (an unknown or misspelled key...) fail the test (default {@code true}); see
     * {@link TaskerTestEnvironment#strictTemplates}.
     */
    boolean strictTemplates() default true;

    /** How long (real time) a waiting operation may take before it fails the test. */
    int timeoutSeconds() default 10;
}
