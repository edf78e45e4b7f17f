package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** The result of {@code initialize_preferences}: the plan's defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Preferences(
        String preferencesId,
        String userId,
        String plan,
        Map<String, Object> preferences,
        int defaultsApplied,
        int customizations,
        String status,
        String userInternalId,
        Map<String, Boolean> notifications,
        Map<String, Object> uiSettings,
        Map<String, Boolean> featureFlags,
        boolean onboardingCompleted,
        String createdAt,
        String updatedAt) {}
