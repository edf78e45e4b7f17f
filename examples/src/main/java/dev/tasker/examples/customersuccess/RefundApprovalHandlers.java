package dev.tasker.examples.customersuccess;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.examples.support.Fingerprint;
import dev.tasker.examples.support.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The handlers of {@code customer_success_py/process_refund}: validate_refund_request → check_refund_policy →
 * get_manager_approval → execute_refund_workflow → update_ticket_status, with the Tasker example apps' rules:
 * <ul>
 *   <li>an amount of zero or less, above {@link #MAX_REFUND} (10,000.00), or a reason not in
 *       {@link #VALID_REASONS} fails validation permanently;</li>
 *   <li>the customer's tier comes from the customer id: {@code vip} or {@code premium} in it make
 *       {@code premium}, {@code gold} makes {@code gold}, anything else {@code standard};</li>
 *   <li>approval path: up to {@link #AUTO_APPROVE_LIMIT} (50.00) for a reason in {@link #AUTO_APPROVE_REASONS}
 *       is approved automatically ({@code auto}); above {@link #REVIEW_THRESHOLD} (500.00) it needs a
 *       director's review ({@code director}); anything else a manager ({@code manager}). The input's
 *       {@code requires_approval} is informational: the policy decides, as in the reference app;</li>
 *   <li>the order system reports every purchase as made {@link #PURCHASE_AGE} before the request, inside the
 *       {@value #REFUND_WINDOW_DAYS}-day window.</li>
 * </ul>
 * Identifiers are {@link Fingerprint}s of the request, times come from the given clock.
 */
public final class RefundApprovalHandlers {
    /** The largest refund support can grant. */
    public static final BigDecimal MAX_REFUND = Money.of("10000.00");
    /** Refunds up to this, for an {@link #AUTO_APPROVE_REASONS auto-approvable reason}, need no approver. */
    public static final BigDecimal AUTO_APPROVE_LIMIT = Money.of("50.00");
    /** Refunds above this need a director's review. */
    public static final BigDecimal REVIEW_THRESHOLD = Money.of("500.00");
    /** Reasons a small refund is approved for without asking anyone. */
    public static final Set<String> AUTO_APPROVE_REASONS =
            Set.of("defective_product", "wrong_item", "duplicate_charge");
    /** Every reason support accepts. */
    public static final Set<String> VALID_REASONS = Set.of(
            "customer_request",
            "defective_product",
            "wrong_item",
            "late_delivery",
            "duplicate_charge",
            "service_issue");
    /** Days after a purchase during which it can be refunded. */
    public static final int REFUND_WINDOW_DAYS = 90;
    /** How long before the request the simulated order system says the purchase was made. */
    public static final Duration PURCHASE_AGE = Duration.ofDays(30);

    private static final String POLICY_VERSION = "2026.1";
    private static final int MANAGERS = 5;

    private final InstantSource clock;

    /** Handlers on the system clock. */
    public RefundApprovalHandlers() {
        this(InstantSource.system());
    }

    /** Handlers with times from {@code clock}. */
    public RefundApprovalHandlers(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the amount and the reason, and finds the customer's tier. */
    @Handler("validate_refund_request")
    public ValidatedRequest validateRequest(@Input TicketRefundRequest request) {
        BigDecimal amount = request.refundAmount();
        if (amount == null || amount.signum() <= 0) {
            throw new PermanentError("Refund amount must be positive, got: " + amount);
        }
        if (amount.compareTo(MAX_REFUND) > 0) {
            throw new PermanentError("Refund amount $" + Money.of(amount).toPlainString() + " exceeds maximum $"
                    + MAX_REFUND.toPlainString());
        }
        String reason = request.refundReason() == null ? "customer_request" : request.refundReason();
        if (!VALID_REASONS.contains(reason)) {
            throw new PermanentError("Invalid refund reason: " + reason + ". Valid: "
                    + String.join(", ", VALID_REASONS.stream().sorted().toList()));
        }
        Instant now = clock.instant();
        String paymentId = request.paymentId() != null ? request.paymentId() : Fingerprint.of("pay_", request);
        return new ValidatedRequest(
                true,
                request.ticketId(),
                request.customerId(),
                "open",
                tier(request.customerId()),
                now.minus(PURCHASE_AGE).toString(),
                paymentId,
                Fingerprint.of("ref_", request),
                request.ticketId(),
                amount,
                reason,
                request.customerEmail(),
                Fingerprint.of("", request, "validation"),
                true,
                now.toString());
    }

    /** {@code premium} for ids with vip or premium in them, {@code gold} for gold, else {@code standard}. */
    static String tier(String customerId) {
        String id = customerId.toLowerCase(Locale.ROOT);
        if (id.contains("vip") || id.contains("premium")) {
            return "premium";
        }
        return id.contains("gold") ? "gold" : "standard";
    }

    /** Decides the approval path: auto, manager or director. */
    @Handler("check_refund_policy")
    public PolicyCheck checkPolicy(
            @Input TicketRefundRequest request, @DependsOn("validate_refund_request") ValidatedRequest validated) {
        Instant now = clock.instant();
        BigDecimal amount = validated.amount();
        boolean small = amount.compareTo(AUTO_APPROVE_LIMIT) <= 0;
        boolean large = amount.compareTo(REVIEW_THRESHOLD) > 0;
        String path =
                small && AUTO_APPROVE_REASONS.contains(validated.reason()) ? "auto" : large ? "director" : "manager";
        long days = Duration.between(Instant.parse(validated.originalPurchaseDate()), now)
                .toDays();
        return new PolicyCheck(
                true,
                true,
                validated.customerTier(),
                REFUND_WINDOW_DAYS,
                days,
                days <= REFUND_WINDOW_DAYS,
                !path.equals("auto"),
                MAX_REFUND,
                Fingerprint.of("pol_", request),
                validated.requestId(),
                path,
                large,
                small ? "small" : large ? "large" : "medium",
                POLICY_VERSION,
                List.of(
                        "amount_threshold_" + AUTO_APPROVE_LIMIT.toPlainString(),
                        "reason_category_" + validated.reason(),
                        "review_threshold_" + REVIEW_THRESHOLD.toPlainString()),
                now.toString());
    }

    /** Gets the approval the policy asks for: none (auto), a manager's or a director's. */
    @Handler("get_manager_approval")
    public Approval approve(
            @Input TicketRefundRequest request,
            @DependsOn("validate_refund_request") ValidatedRequest validated,
            @DependsOn("check_refund_policy") PolicyCheck policy) {
        String now = clock.instant().toString();
        BigDecimal amount = validated.amount();
        if (!policy.requiresApproval()) {
            return new Approval(
                    true,
                    false,
                    true,
                    null,
                    null,
                    "Auto-approved for customer tier " + policy.customerTier(),
                    validated.requestId(),
                    true,
                    "system",
                    policy.approvalPath(),
                    "Auto-approved per refund policy",
                    amount,
                    now);
        }
        String role = policy.approvalPath().equals("director") ? "dir_" : "mgr_";
        String approver = role + (Math.floorMod(validated.ticketId().hashCode(), MANAGERS) + 1);
        String note = (role.equals("dir_") ? "Director" : "Manager") + "-approved refund of $"
                + Money.of(amount).toPlainString() + " for customer " + validated.customerId();
        return new Approval(
                true,
                true,
                false,
                Fingerprint.of("apr_", request),
                approver,
                note,
                validated.requestId(),
                true,
                approver,
                policy.approvalPath(),
                note,
                amount,
                now);
    }

    /** Hands the approved refund to the payments team's {@code payments_py/process_refund} workflow. */
    @Handler("execute_refund_workflow")
    public RefundExecution executeRefund(
            @Input TicketRefundRequest request,
            @DependsOn("validate_refund_request") ValidatedRequest validated,
            @DependsOn("get_manager_approval") Approval approval) {
        if (!approval.approved()) {
            throw new PermanentError("Refund " + validated.requestId() + " was not approved");
        }
        String correlation = request.correlationId() != null ? request.correlationId() : Fingerprint.of("cs-", request);
        return new RefundExecution(
                true,
                "payments_py",
                "process_refund",
                Fingerprint.of("task_", request),
                "created",
                correlation,
                Fingerprint.of("rfnd_", request),
                Fingerprint.of("txn_", request),
                validated.requestId(),
                validated.orderRef(),
                approval.amountApproved(),
                "USD",
                "original_payment_method",
                "3-5 business days",
                "completed",
                clock.instant().toString());
    }

    /** Resolves the support ticket with the refund's outcome. */
    @Handler("update_ticket_status")
    public TicketUpdate updateTicket(
            @DependsOn("validate_refund_request") ValidatedRequest validated,
            @DependsOn("execute_refund_workflow") RefundExecution refund) {
        String note = "Refund of $" + Money.of(refund.amountRefunded()).toPlainString() + " processed for ticket "
                + validated.ticketId() + ". Refund ID: " + refund.refundId() + ". Customer notified at "
                + validated.customerEmail() + ". Estimated arrival: " + refund.estimatedArrival() + ".";
        return new TicketUpdate(
                true,
                validated.ticketId(),
                "in_progress",
                "resolved",
                note,
                true,
                refund.delegatedTaskId(),
                validated.requestId(),
                "refund_completed",
                true,
                "email",
                refund.refundId(),
                refund.amountRefunded(),
                "resolved",
                clock.instant().toString());
    }
}
