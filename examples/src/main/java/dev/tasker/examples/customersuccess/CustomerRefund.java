package dev.tasker.examples.customersuccess;

import dev.tasker.engine.TaskerBuilder;
import java.time.InstantSource;

/**
 * The customer success team's refund workflow, {@code customer_success_py/process_refund}
 * ({@code tasker/templates/customer_success_process_refund.yaml}), with an approval step; its handlers and rules
 * are in {@link RefundApprovalHandlers}. Its name is also that of the payments team's workflow
 * ({@link dev.tasker.examples.payments.PaymentRefund}): namespaces keep the two apart.
 */
public final class CustomerRefund {
    /** The template's namespace. */
    public static final String NAMESPACE = "customer_success_py";
    /** The template's name. */
    public static final String NAME = "process_refund";

    private CustomerRefund() {}

    /** Registers the five handlers on the system clock. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, InstantSource.system());
    }

    /** Registers the five handlers, with times from {@code clock}. */
    public static TaskerBuilder register(TaskerBuilder builder, InstantSource clock) {
        return builder.handlers(new RefundApprovalHandlers(clock));
    }
}
