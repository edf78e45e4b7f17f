package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code validate_payment_eligibility}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Eligibility(
        boolean paymentValidated,
        String paymentId,
        BigDecimal originalAmount,
        BigDecimal refundAmount,
        String paymentMethod,
        String gatewayProvider,
        String eligibilityStatus,
        String eligibilityId,
        String orderRef,
        BigDecimal refundPercentage,
        String reason,
        String customerEmail,
        long daysSincePayment,
        boolean withinRefundWindow,
        boolean eligible,
        String validatedAt) {}
