package dev.tasker.examples.spring;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The sample's ledger: entries in memory, one per invoice. */
@Component
class InMemoryLedger implements Ledger {
    private final Map<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public String book(String invoiceId, String customer, BigDecimal amount) {
        return entries.computeIfAbsent(invoiceId, id -> "L-" + (entries.size() + 1));
    }
}
