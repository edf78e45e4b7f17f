package dev.tasker.examples.customersuccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.SignalResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.examples.payments.PaymentRefund;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerRefundTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static TicketRefundRequest request(String customer, String amount, String reason) {
        return new TicketRefundRequest(
                "TCK-1001", customer, new BigDecimal(amount), reason, null, null, "ann@example.com", null, null);
    }

    /**
     * Submits the refund; once it waits for its approval (a signal step), sends the decision the approval app
     * would (the policy's auto-approval, or the manager's or director's), then runs it to its end.
     */
    private static TaskSnapshot run(TaskerTestEnvironment env, TicketRefundRequest input) {
        UUID id = env.submit(TaskRequest.of(CustomerRefund.NAMESPACE, CustomerRefund.NAME, input));
        env.awaitIdle();
        TaskSnapshot waiting = env.task(id);
        if (waiting.step("get_manager_approval").state() == StepState.IN_PROGRESS) {
            Approval approval = new RefundApprovalHandlers(env.clock())
                    .approve(
                            input,
                            env.result(waiting, "validate_refund_request", ValidatedRequest.class),
                            env.result(waiting, "check_refund_policy", PolicyCheck.class));
            assertEquals(SignalResult.DELIVERED, env.tasker().signal(id, "get_manager_approval", approval));
        }
        return env.runToCompletion(id);
    }

    @Test
    void a_small_refund_for_a_defective_product_is_approved_automatically(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, request("cust_42", "45.00", "defective_product")));

        PolicyCheck policy = env.result(done, "check_refund_policy", PolicyCheck.class);
        assertEquals("auto", policy.approvalPath());
        assertFalse(policy.requiresApproval());
        assertEquals("small", policy.amountTier());
        assertEquals(30, policy.daysSincePurchase());
        Approval approval = env.result(done, "get_manager_approval", Approval.class);
        assertTrue(approval.autoApproved());
        assertEquals("system", approval.approver());
        RefundExecution refund = env.result(done, "execute_refund_workflow", RefundExecution.class);
        assertEquals(new BigDecimal("45.00"), refund.amountRefunded());
        assertEquals(
                PaymentRefund.NAMESPACE + "/" + PaymentRefund.NAME,
                refund.targetNamespace() + "/" + refund.targetWorkflow());
        TicketUpdate ticket = env.result(done, "update_ticket_status", TicketUpdate.class);
        assertEquals("resolved", ticket.newStatus());
        assertEquals(refund.refundId(), ticket.refundId());
    }

    @Test
    void the_approval_path_follows_amount_and_reason(TaskerTestEnvironment env) {
        List<String> paths = List.of(
                        request("c1", "50.00", "wrong_item"), // at the auto-approve limit, auto reason
                        request("c2", "50.00", "customer_request"), // small, but not an auto reason
                        request("c3", "500.00", "duplicate_charge"), // at the review threshold
                        request("c4", "500.01", "defective_product")) // above it
                .stream()
                .map(input -> env.result(env.assertComplete(run(env, input)), "check_refund_policy", PolicyCheck.class)
                        .approvalPath())
                .toList();

        assertEquals(List.of("auto", "manager", "manager", "director"), paths);
    }

    @Test
    void a_large_refund_for_a_vip_customer_needs_a_director(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, request("VIP-7", "1200.00", "service_issue")));

        ValidatedRequest validated = env.result(done, "validate_refund_request", ValidatedRequest.class);
        assertEquals("premium", validated.customerTier());
        PolicyCheck policy = env.result(done, "check_refund_policy", PolicyCheck.class);
        assertEquals("director", policy.approvalPath());
        assertTrue(policy.requiresReview());
        assertEquals("large", policy.amountTier());
        Approval approval = env.result(done, "get_manager_approval", Approval.class);
        assertFalse(approval.autoApproved());
        assertTrue(approval.approver().startsWith("dir_"), approval.approver());
        assertEquals("Director-approved refund of $1200.00 for customer VIP-7", approval.managerNotes());
    }

    @Test
    void the_tier_comes_from_the_customer_id() {
        assertEquals(
                List.of("premium", "premium", "gold", "standard"),
                List.of("vip-1", "Premium_2", "GOLD-3", "cust_4").stream()
                        .map(RefundApprovalHandlers::tier)
                        .toList());
    }

    @Test
    void more_than_10_000_is_refused_and_nothing_else_runs(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, request("cust_42", "10000.01", "customer_request"));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("validate_refund_request").state());
        assertEquals(1, done.step("validate_refund_request").attempts());
        assertEquals(
                "Refund amount $10000.01 exceeds maximum $10000.00",
                done.step("validate_refund_request").error().get("message").asText());
        for (String later : List.of("check_refund_policy", "get_manager_approval", "execute_refund_workflow")) {
            assertTrue(env.invocations(later).isEmpty(), later + " never ran");
        }
    }

    @Test
    void an_unknown_reason_is_refused(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, request("cust_42", "20.00", "changed_my_mind"));

        assertEquals(StepState.ERROR, done.step("validate_refund_request").state(), env.describe(done));
        assertTrue(done.step("validate_refund_request")
                .error()
                .get("message")
                .asText()
                .startsWith("Invalid refund reason: changed_my_mind. Valid: customer_request, defective_product"));
    }

    @Test
    void a_failed_hand_off_to_payments_is_retried_after_5_seconds(TaskerTestEnvironment env) {
        env.inject("execute_refund_workflow").failTimes(1);

        TaskSnapshot done = env.assertComplete(run(env, request("cust_42", "120.00", "late_delivery")));

        assertEquals(2, done.step("execute_refund_workflow").attempts());
        assertEquals(Duration.ofSeconds(5), env.elapsed(), "exponential, backoff_base_ms 5000");
        assertEquals(1, done.step("get_manager_approval").attempts(), "approval was asked once");
    }

    @Test
    void without_an_approval_within_48_hours_the_refund_stops_before_paying(TaskerTestEnvironment env) {
        UUID id = env.submit(TaskRequest.of(
                CustomerRefund.NAMESPACE, CustomerRefund.NAME, request("cust_42", "120.00", "late_delivery")));
        env.awaitIdle();
        assertEquals(
                StepState.IN_PROGRESS, env.task(id).step("get_manager_approval").state(), "it waits");
        assertTrue(env.invocations("get_manager_approval").isEmpty(), "a signal step calls no handler");

        TaskSnapshot done = env.runToCompletion(id); // nobody signals: the clock reaches the 48 h timeout

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("get_manager_approval").state());
        assertEquals(
                "timeout",
                done.step("get_manager_approval").error().path("error_type").asText());
        assertEquals(Duration.ofHours(48), env.elapsed());
        assertTrue(env.invocations("execute_refund_workflow").isEmpty());
    }
}
