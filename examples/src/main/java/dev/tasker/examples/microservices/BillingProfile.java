package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/**
 * The result of {@code setup_billing_profile}; {@code plan} is the billing service's name for the plan
 * (free, pro, enterprise).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BillingProfile(
        String billingId,
        String userId,
        String plan,
        BigDecimal price,
        String currency,
        String billingCycle,
        List<String> features,
        String status,
        boolean billingRequired,
        String nextBillingDate,
        String subscriptionId,
        String userInternalId,
        PlanPricing pricing,
        PlanLimits limits,
        String billingStatus,
        String trialEnd,
        boolean paymentMethodRequired,
        String createdAt) {}
