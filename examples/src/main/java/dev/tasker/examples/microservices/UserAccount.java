package dev.tasker.examples.microservices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The result of {@code create_user_account}: the account, pending e-mail verification. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserAccount(
        String userId,
        String email,
        String name,
        String plan,
        String phone,
        String source,
        String status,
        String internalId,
        String username,
        String fullName,
        String referralCode,
        String verificationToken,
        boolean emailVerified,
        String accountStatus,
        String createdAt) {}
