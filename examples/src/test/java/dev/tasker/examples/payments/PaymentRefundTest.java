package dev.tasker.examples.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.InputValidationException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaymentRefundTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static Map<String, Object> refund(String paymentId, String amount) {
        return Map.of(
                "payment_id",
                paymentId,
                "refund_amount",
                new BigDecimal(amount),
                "refund_reason",
                "customer_request",
                "customer_email",
                "ann@example.com");
    }

    private static TaskSnapshot run(TaskerTestEnvironment env, Map<String, Object> input) {
        return env.run(PaymentRefund.NAMESPACE, PaymentRefund.NAME, input);
    }

    @Test
    void a_refund_of_100_on_a_500_payment_is_a_20_percent_partial_refund(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, refund("pay_abc123", "100.00")));

        Eligibility eligibility = env.result(done, "validate_payment_eligibility", Eligibility.class);
        assertEquals(new BigDecimal("500.00"), eligibility.originalAmount());
        assertEquals(new BigDecimal("20.00"), eligibility.refundPercentage());
        assertEquals(30, eligibility.daysSincePayment());
        assertTrue(eligibility.withinRefundWindow());
        GatewayRefund refund = env.result(done, "process_gateway_refund", GatewayRefund.class);
        assertEquals(new BigDecimal("100.00"), refund.amountProcessed());
        assertEquals("succeeded", refund.gatewayStatus());
        assertEquals("2026-01-06", refund.estimatedArrival(), "5 days after the test clock's 2026-01-01");
        PaymentRecords records = env.result(done, "update_payment_records", PaymentRecords.class);
        assertEquals("partially_refunded", records.paymentStatus());
        assertEquals(
                List.of("debit refunds_payable 100.00", "credit accounts_receivable 100.00"),
                records.ledgerEntries().stream()
                        .map(e -> e.type() + " " + e.account() + " " + e.amount())
                        .toList());
        assertEquals("2026-01", records.fiscalPeriod());
        CustomerNotice notice = env.result(done, "notify_customer", CustomerNotice.class);
        assertEquals("sent", notice.status());
        assertEquals("ann@example.com", notice.recipient());
        assertTrue(
                notice.bodyPreview().startsWith("Your refund of $100.00 for order " + refund.orderRef()),
                notice.bodyPreview());
        assertEquals(records.journalId(), notice.references().get("journal_id"));
    }

    @Test
    void refunding_the_whole_payment_marks_it_refunded(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, refund("pay_abc123", "500.00")));

        assertEquals(
                new BigDecimal("100.00"),
                env.result(done, "validate_payment_eligibility", Eligibility.class)
                        .refundPercentage());
        assertEquals(
                "refunded",
                env.result(done, "update_payment_records", PaymentRecords.class).paymentStatus());
    }

    @Test
    void a_payment_captured_more_than_90_days_ago_cannot_be_refunded(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, refund(PaymentGateway.EXPIRED_PAYMENT, "50.00"));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        var validate = done.step("validate_payment_eligibility");
        assertEquals(StepState.ERROR, validate.state());
        assertEquals(1, validate.attempts(), "permanent: not retried although max_attempts is 3");
        assertEquals(
                "Payment pay_test_expired was captured 120 days ago; refunds are possible for 90 days",
                validate.error().get("message").asText());
        assertEquals(StepState.PENDING, done.step("process_gateway_refund").state());
        assertTrue(env.invocations("process_gateway_refund").isEmpty(), "the gateway was never asked");
    }

    @Test
    void more_than_the_payment_cannot_be_refunded(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, refund("pay_abc123", "600.00"));

        assertEquals(StepState.ERROR, done.step("validate_payment_eligibility").state(), env.describe(done));
        assertEquals(
                "Refund of 600.00 is 120.00% of payment pay_abc123 (500.00); at most 100% can be refunded",
                done.step("validate_payment_eligibility").error().get("message").asText());
    }

    @Test
    void a_zero_amount_is_invalid(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, refund("pay_abc123", "0"));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(
                "Invalid refund amount: 0",
                done.step("validate_payment_eligibility").error().get("message").asText());
    }

    @Test
    void input_that_breaks_the_schema_is_refused_at_submit(TaskerTestEnvironment env) {
        InputValidationException e = assertThrows(
                InputValidationException.class,
                () -> run(env, Map.of("payment_id", "txn_1", "refund_amount", -5, "refund_reason", "whim")));

        assertEquals(3, e.violations().size(), e.getMessage());
    }

    @Test
    void a_flaky_mail_server_is_retried_with_exponential_backoff(TaskerTestEnvironment env) {
        env.inject("notify_customer").failTimes(3);

        TaskSnapshot done = env.assertComplete(run(env, refund("pay_abc123", "100.00")));

        assertEquals(4, done.step("notify_customer").attempts());
        assertEquals(Duration.ofSeconds(2 + 4 + 8), env.elapsed(), "backoff_base_ms 2000, doubling");
        assertEquals(1, env.invocations("process_gateway_refund").size(), "the refund itself ran once");
        assertEquals(
                "2026-01-01T00:00:14Z",
                env.result(done, "notify_customer", CustomerNotice.class).sentAt());
    }

    @Test
    void a_gateway_timeout_is_retried_once(TaskerTestEnvironment env) {
        env.inject("process_gateway_refund").failTimes(1);

        TaskSnapshot done = env.assertComplete(run(env, refund("pay_abc123", "100.00")));

        assertEquals(2, done.step("process_gateway_refund").attempts());
        assertEquals(Duration.ofSeconds(5), env.elapsed(), "backoff_base_ms 5000");
    }
}
