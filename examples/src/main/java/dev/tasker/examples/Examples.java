package dev.tasker.examples;

import dev.tasker.engine.TaskerBuilder;
import dev.tasker.examples.customersuccess.CustomerRefund;
import dev.tasker.examples.datapipeline.AnalyticsPipeline;
import dev.tasker.examples.ecommerce.OrderProcessing;
import dev.tasker.examples.microservices.UserRegistration;
import dev.tasker.examples.payments.PaymentRefund;
import dev.tasker.examples.quickstart.PriceOrder;
import java.time.InstantSource;

/**
 * All the example workflows at once. Their templates are on the classpath under {@value #TEMPLATES}:
 * <ul>
 *   <li>{@code quickstart/price_order}: {@link PriceOrder}, the README's quick start (lambda handlers);</li>
 *   <li>{@code ecommerce_py/ecommerce_order_processing}: {@link OrderProcessing}, the demo's checkout;</li>
 *   <li>{@code payments_py/process_refund}: {@link PaymentRefund}, a refund through the payment gateway;</li>
 *   <li>{@code customer_success_py/process_refund}: {@link CustomerRefund}, a support refund with approval;</li>
 *   <li>{@code data_pipeline_py/analytics_pipeline}: {@link AnalyticsPipeline}, parallel extracts to insights;</li>
 *   <li>{@code microservices_py/user_registration}: {@link UserRegistration}, billing and preferences in
 *       parallel.</li>
 * </ul>
 * The last five are the Tasker example apps' workflows (reference §8.6) with typed handlers. An engine that
 * loads the folder needs the handlers of every template in it:
 * <pre>{@code
 * Tasker tasker = Examples.registerAll(Tasker.builder().classpathTemplates(Examples.TEMPLATES)).build();
 * }</pre>
 */
public final class Examples {
    /** The classpath folder of the examples' templates. */
    public static final String TEMPLATES = "tasker/templates";

    private Examples() {}

    /** Registers the handlers of every example workflow, on the system clock. */
    public static TaskerBuilder registerAll(TaskerBuilder builder) {
        return registerAll(builder, InstantSource.system());
    }

    /** Registers the handlers of every example workflow, with times from {@code clock}. */
    public static TaskerBuilder registerAll(TaskerBuilder builder, InstantSource clock) {
        PriceOrder.register(builder);
        OrderProcessing.register(builder, clock);
        PaymentRefund.register(builder, clock);
        CustomerRefund.register(builder, clock);
        AnalyticsPipeline.register(builder, clock);
        UserRegistration.register(builder, clock);
        return builder;
    }
}
