package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code get_manager_approval}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Approval(
        boolean approvalObtained,
        boolean approvalRequired,
        boolean autoApproved,
        String approvalId,
        String managerId,
        String managerNotes,
        String requestId,
        boolean approved,
        String approver,
        String approvalPath,
        String approvalNote,
        BigDecimal amountApproved,
        String approvedAt) {}
