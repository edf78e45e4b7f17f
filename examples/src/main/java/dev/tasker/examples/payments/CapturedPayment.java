package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** A card payment as the gateway holds it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CapturedPayment(
        String paymentId,
        String orderRef,
        BigDecimal amount,
        String currency,
        String paymentMethod,
        String capturedAt) {}
