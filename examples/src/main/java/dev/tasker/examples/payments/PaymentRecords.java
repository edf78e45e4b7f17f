package dev.tasker.examples.payments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** The result of {@code update_payment_records}: the payment's new status and the journal entry. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PaymentRecords(
        boolean recordsUpdated,
        String paymentId,
        String refundId,
        String recordId,
        String paymentStatus,
        String refundStatus,
        int historyEntriesCreated,
        String journalId,
        List<LedgerEntry> ledgerEntries,
        String orderRef,
        BigDecimal amountRecorded,
        String gatewayTxnId,
        String reconciliationStatus,
        String fiscalPeriod,
        String recordedAt) {}
