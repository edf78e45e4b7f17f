package dev.tasker.examples.payments;

import dev.tasker.engine.TaskerBuilder;
import java.time.InstantSource;

/**
 * The payments team's refund workflow, {@code payments_py/process_refund}
 * ({@code tasker/templates/payments_process_refund.yaml}); its handlers and rules are in {@link RefundHandlers}.
 * The customer success team has a workflow of the same name in its own namespace
 * ({@link dev.tasker.examples.customersuccess.CustomerRefund}).
 */
public final class PaymentRefund {
    /** The template's namespace. */
    public static final String NAMESPACE = "payments_py";
    /** The template's name. */
    public static final String NAME = "process_refund";

    private PaymentRefund() {}

    /** Registers the four handlers on the system clock. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, InstantSource.system());
    }

    /** Registers the four handlers, with times from {@code clock}. */
    public static TaskerBuilder register(TaskerBuilder builder, InstantSource clock) {
        return builder.handlers(new RefundHandlers(new PaymentGateway(), clock));
    }
}
