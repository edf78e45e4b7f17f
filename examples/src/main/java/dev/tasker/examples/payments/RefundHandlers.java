package dev.tasker.examples.payments;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.examples.support.Fingerprint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The handlers of {@code payments_py/process_refund}: validate_payment_eligibility → process_gateway_refund →
 * update_payment_records → notify_customer, with the Tasker example apps' rules:
 * <ul>
 *   <li>a refund amount of zero or less is invalid (permanent);</li>
 *   <li>a payment can be refunded for {@value #REFUND_WINDOW_DAYS} days after it was captured (permanent
 *       after that);</li>
 *   <li>a refund may be up to {@value #MAX_REFUND_PERCENT}% of the payment (permanent above); a refund below
 *       100% leaves the payment {@code partially_refunded}.</li>
 * </ul>
 * Payments come from the {@link PaymentGateway} stand-in; identifiers are {@link Fingerprint}s of the request
 * and times come from the given clock.
 */
public final class RefundHandlers {
    /** Days after capture during which a payment can be refunded. */
    public static final int REFUND_WINDOW_DAYS = 90;
    /** The largest refund, as a percentage of the payment. */
    public static final int MAX_REFUND_PERCENT = 100;

    private static final int ARRIVAL_DAYS = 5;

    private final PaymentGateway gateway;
    private final InstantSource clock;

    /** Handlers on the system clock. */
    public RefundHandlers() {
        this(new PaymentGateway(), InstantSource.system());
    }

    /** Handlers talking to {@code gateway}, with times from {@code clock}. */
    public RefundHandlers(PaymentGateway gateway, InstantSource clock) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the amount, the refund window and the refund limit against the captured payment. */
    @Handler("validate_payment_eligibility")
    public Eligibility validateEligibility(@Input RefundRequest request) {
        BigDecimal amount = request.refundAmount();
        if (amount == null || amount.signum() <= 0) {
            throw new PermanentError("Invalid refund amount: " + amount);
        }
        Instant now = clock.instant();
        CapturedPayment payment = gateway.payment(request.paymentId(), now);
        long days = Duration.between(Instant.parse(payment.capturedAt()), now).toDays();
        if (days > REFUND_WINDOW_DAYS) {
            throw new PermanentError("Payment " + payment.paymentId() + " was captured " + days
                    + " days ago; refunds are possible for " + REFUND_WINDOW_DAYS + " days");
        }
        BigDecimal percent = amount.multiply(BigDecimal.valueOf(100)).divide(payment.amount(), 2, RoundingMode.HALF_UP);
        if (percent.compareTo(BigDecimal.valueOf(MAX_REFUND_PERCENT)) > 0) {
            throw new PermanentError("Refund of " + amount.toPlainString() + " is " + percent.toPlainString()
                    + "% of payment " + payment.paymentId() + " ("
                    + payment.amount().toPlainString() + "); at most "
                    + MAX_REFUND_PERCENT + "% can be refunded");
        }
        String reason = request.refundReason() == null ? "customer_request" : request.refundReason();
        return new Eligibility(
                true,
                payment.paymentId(),
                payment.amount(),
                amount,
                payment.paymentMethod(),
                PaymentGateway.PROVIDER,
                "eligible",
                Fingerprint.of("elig_", request),
                payment.orderRef(),
                percent,
                reason,
                request.customerEmail(),
                days,
                true,
                true,
                now.toString());
    }

    /** Asks the gateway to refund the amount. */
    @Handler("process_gateway_refund")
    public GatewayRefund processRefund(
            @Input RefundRequest request, @DependsOn("validate_payment_eligibility") Eligibility eligibility) {
        Instant now = clock.instant();
        String arrival =
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(ARRIVAL_DAYS).toString();
        return new GatewayRefund(
                true,
                Fingerprint.of("rfnd_", request),
                eligibility.paymentId(),
                eligibility.refundAmount(),
                "processed",
                Fingerprint.of("gw_", request),
                PaymentGateway.PROVIDER,
                eligibility.orderRef(),
                eligibility.refundAmount(),
                "USD",
                "succeeded",
                "00",
                "Approved",
                DateTimeFormatter.BASIC_ISO_DATE.format(now.atOffset(ZoneOffset.UTC)),
                arrival,
                now.toString());
    }

    /** Marks the payment refunded and writes the journal entry (debit refunds payable, credit receivables). */
    @Handler("update_payment_records")
    public PaymentRecords updateRecords(
            @Input RefundRequest request,
            @DependsOn("validate_payment_eligibility") Eligibility eligibility,
            @DependsOn("process_gateway_refund") GatewayRefund refund) {
        String now = clock.instant().toString();
        BigDecimal amount = refund.amountProcessed();
        List<LedgerEntry> journal = List.of(
                new LedgerEntry("debit", "refunds_payable", amount, "USD", now),
                new LedgerEntry("credit", "accounts_receivable", amount, "USD", now));
        boolean full = amount.compareTo(eligibility.originalAmount()) == 0;
        return new PaymentRecords(
                true,
                refund.paymentId(),
                refund.refundId(),
                Fingerprint.of("rec_", request),
                full ? "refunded" : "partially_refunded",
                "completed",
                journal.size(),
                Fingerprint.of("jrn_", request),
                journal,
                refund.orderRef(),
                amount,
                refund.gatewayTxnId(),
                "pending",
                now.substring(0, 7),
                now);
    }

    /** E-mails the refund confirmation (or skips it when the request has no e-mail address). */
    @Handler("notify_customer")
    public CustomerNotice notifyCustomer(
            @Input RefundRequest request,
            @DependsOn("process_gateway_refund") GatewayRefund refund,
            @DependsOn("update_payment_records") PaymentRecords records) {
        boolean send =
                request.customerEmail() != null && !request.customerEmail().isBlank();
        String body = "Your refund of $" + refund.amountProcessed().toPlainString() + " for order " + refund.orderRef()
                + " has been processed. Reference: " + refund.gatewayTxnId()
                + ". The refund will appear on your statement within 5-10 business days.";
        return new CustomerNotice(
                send,
                send ? request.customerEmail() : null,
                send ? "email" : "none",
                Fingerprint.of("ntf_", request),
                Fingerprint.of("msg_", request),
                "refund_confirmation",
                "Refund Processed - Order " + refund.orderRef(),
                body,
                "refund_confirmation_v2",
                refund.amountProcessed(),
                refund.refundId(),
                Map.of(
                        "order_ref",
                        refund.orderRef(),
                        "gateway_txn_id",
                        refund.gatewayTxnId(),
                        "journal_id",
                        records.journalId()),
                send ? "sent" : "skipped",
                clock.instant().toString());
    }
}
