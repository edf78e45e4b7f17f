package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** The result of {@code update_user_status}: the account, active. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserActivation(
        String userId,
        String status,
        String plan,
        Map<String, Object> registrationSummary,
        String activationTimestamp,
        boolean allServicesCoordinated,
        List<String> servicesCompleted,
        String internalId,
        String email,
        String accountStatus,
        String billingId,
        String subscriptionId,
        String onboardingStatus,
        int welcomeMessagesSent,
        boolean registrationComplete,
        String activatedAt) {}
