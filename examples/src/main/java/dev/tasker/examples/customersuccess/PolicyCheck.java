package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code check_refund_policy}: whether the refund complies and who must approve it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PolicyCheck(
        boolean policyChecked,
        boolean policyCompliant,
        String customerTier,
        int refundWindowDays,
        long daysSincePurchase,
        boolean withinRefundWindow,
        boolean requiresApproval,
        BigDecimal maxAllowedAmount,
        String policyId,
        String requestId,
        String approvalPath,
        boolean requiresReview,
        String amountTier,
        String policyVersion,
        List<String> rulesApplied,
        String checkedAt) {}
