package dev.tasker.examples.spring;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Typed handlers as methods of a bean: the starter registers each under the callable its annotation names. */
@Component
public class InvoiceHandlers {
    private final Ledger ledger;

    public InvoiceHandlers(Ledger ledger) {
        this.ledger = ledger;
    }

    @Handler("billing.validate_invoice")
    public Map<String, Object> validate(@Input("amount") BigDecimal amount, @Input("customer") String customer) {
        if (amount.signum() <= 0) {
            throw new PermanentError("amount must be positive, got " + amount);
        }
        return Map.of("amount", amount, "customer", customer);
    }

    @Handler("billing.book_invoice")
    public Map<String, Object> book(
            @Input("invoice_id") String invoiceId, @DependsOn("validate_invoice") Map<String, Object> valid)
            throws InterruptedException {
        String entry = ledger.book(
                invoiceId,
                (String) valid.get("customer"),
                new BigDecimal(valid.get("amount").toString()));
        return Map.of("ledger_entry", entry);
    }
}
