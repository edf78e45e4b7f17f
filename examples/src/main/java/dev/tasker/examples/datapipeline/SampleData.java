package dev.tasker.examples.datapipeline;

import dev.tasker.examples.support.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the pipeline's three sources hold: fixed lists, so every figure the pipeline computes is exact and the
 * same on every run. January 2026 has 10 sales worth 3,829.41 (44 units); the warehouses hold 500 units of
 * 8 SKUs, 3 of them at or below their reorder point; the CRM has 6 customers worth 6,150.50 in all.
 */
public final class SampleData {
    /** The sales database. */
    public static final List<SaleRecord> SALES = List.of(
            sale("2026-01-03", "Laptop", "electronics", "us-east", 2, "899.00"),
            sale("2026-01-05", "Headphones", "electronics", "us-west", 5, "79.90"),
            sale("2026-01-08", "Running shoes", "sports", "eu-central", 3, "120.00"),
            sale("2026-01-11", "Coffee beans", "food", "us-east", 10, "14.50"),
            sale("2026-01-14", "Desk lamp", "home", "ap-southeast", 4, "35.25"),
            sale("2026-01-17", "Jacket", "clothing", "eu-central", 2, "150.00"),
            sale("2026-01-20", "Yoga mat", "sports", "us-west", 6, "25.00"),
            sale("2026-01-23", "Monitor", "electronics", "us-east", 1, "249.99"),
            sale("2026-01-26", "T-shirt", "clothing", "ap-southeast", 8, "19.99"),
            sale("2026-01-29", "Tea set", "home", "us-west", 3, "42.00"));

    /** The warehouse system. */
    public static final List<StockRecord> STOCK = List.of(
            new StockRecord("WH-EAST-01", "SKU-1001", "Laptop", "electronics", 40, 10),
            new StockRecord("WH-EAST-01", "SKU-1002", "Headphones", "electronics", 8, 15),
            new StockRecord("WH-WEST-01", "SKU-2001", "Running shoes", "sports", 60, 20),
            new StockRecord("WH-WEST-01", "SKU-2002", "Yoga mat", "sports", 12, 25),
            new StockRecord("WH-CENTRAL-01", "SKU-3001", "Coffee beans", "food", 200, 50),
            new StockRecord("WH-CENTRAL-01", "SKU-3002", "Desk lamp", "home", 30, 10),
            new StockRecord("WH-EAST-01", "SKU-4001", "Jacket", "clothing", 0, 5),
            new StockRecord("WH-CENTRAL-01", "SKU-4002", "T-shirt", "clothing", 150, 40));

    /** The CRM. */
    public static final List<CustomerRecord> CUSTOMERS = List.of(
            new CustomerRecord("C-001", "Ada", "standard", Money.of("120.00")),
            new CustomerRecord("C-002", "Ben", "premium", Money.of("1450.50")),
            new CustomerRecord("C-003", "Cy", "gold", Money.of("3200.00")),
            new CustomerRecord("C-004", "Di", "standard", Money.of("89.99")),
            new CustomerRecord("C-005", "Ed", "premium", Money.of("980.00")),
            new CustomerRecord("C-006", "Flo", "standard", Money.of("310.01")));

    private SampleData() {}

    private static SaleRecord sale(
            String date, String product, String category, String region, int quantity, String unitPrice) {
        BigDecimal price = Money.of(unitPrice);
        return new SaleRecord(date, product, category, region, quantity, price, Money.times(price, quantity));
    }
}
