package dev.tasker.examples.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code payments_py/refund_ticket}: a sub-workflow step runs {@code payments_py/process_refund} and takes its result. */
class RefundTicketTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static Map<String, Object> ticket(String amount) {
        return Map.of(
                "payment_id",
                "pay_abc123",
                "amount",
                new BigDecimal(amount),
                "reason",
                "customer_request",
                "customer_email",
                "ann@example.com");
    }

    @Test
    void the_ticket_completes_with_the_refund_workflows_result(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(env.run("payments_py", "refund_ticket", ticket("100.00")));

        List<TaskSnapshot> refunds =
                env.tasker().tasks(new TaskQuery(null, PaymentRefund.NAMESPACE, PaymentRefund.NAME, 10, 0));
        assertEquals(1, refunds.size());
        TaskSnapshot child = env.task(refunds.get(0).taskId());
        assertEquals(TaskState.COMPLETE, child.state());
        assertEquals(done.taskId(), child.parentTaskId());
        assertEquals(child.taskId(), done.children().get(0).childTaskId());
        assertEquals(
                child.step("notify_customer").result(),
                done.step("refund_payment").result().get("notify_customer"),
                "the step's result is the child's leaf results");
    }

    @Test
    void a_refused_refund_fails_the_step_with_the_childs_error(TaskerTestEnvironment env) {
        TaskSnapshot done = env.run("payments_py", "refund_ticket", ticket("600.00"));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("refund_payment").state());
        String message = done.step("refund_payment").error().path("message").asText();
        assertEquals(true, message.startsWith("the child task "), message);
    }
}
