package dev.tasker.examples.customersuccess;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/** The result of {@code execute_refund_workflow}: the refund handed to the payments team's workflow. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefundExecution(
        boolean taskDelegated,
        String targetNamespace,
        String targetWorkflow,
        String delegatedTaskId,
        String delegatedTaskStatus,
        String correlationId,
        String refundId,
        String transactionRef,
        String requestId,
        String orderRef,
        BigDecimal amountRefunded,
        String currency,
        String refundMethod,
        String estimatedArrival,
        String status,
        String executedAt) {}
