package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code validate_refund_request}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ValidatedRequest(
        boolean requestValidated,
        String ticketId,
        String customerId,
        String ticketStatus,
        String customerTier,
        String originalPurchaseDate,
        String paymentId,
        String requestId,
        String orderRef,
        BigDecimal amount,
        String reason,
        String customerEmail,
        String validationHash,
        boolean eligible,
        String validatedAt) {}
