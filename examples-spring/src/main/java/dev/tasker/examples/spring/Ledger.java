package dev.tasker.examples.spring;

import java.math.BigDecimal;

/** Where booked invoices go: the accounting system, in a real application. */
public interface Ledger {

    /**
     * Books the invoice; booking the same invoice again returns the same entry (the step may run twice).
     *
     * @return the ledger entry's id
     */
    String book(String invoiceId, String customer, BigDecimal amount) throws InterruptedException;
}
