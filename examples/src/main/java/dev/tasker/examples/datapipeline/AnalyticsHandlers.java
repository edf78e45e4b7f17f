package dev.tasker.examples.datapipeline;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.examples.support.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The handlers of {@code data_pipeline_py/analytics_pipeline}: three extracts in parallel (sales, inventory,
 * customers), each followed by its transform, then one aggregate and the insights. The sources are the
 * fixed {@link SampleData}, so the figures are exact: January 2026 sells 3,829.41, the revenue per customer
 * is 638.24, 3 SKUs need reordering, and the health score is 60 of 100 (fair). The input's
 * {@code date_range} (default: all of January 2026) selects the sales; a range that is not two ISO dates,
 * start first, fails {@code extract_sales_data} permanently.
 */
public final class AnalyticsHandlers {
    /** The sales covered when the input gives no date range. */
    public static final DateRange DEFAULT_RANGE = new DateRange("2026-01-01", "2026-01-31");
    /** Customers with at least this lifetime value are in the high segment. */
    public static final BigDecimal HIGH_VALUE = Money.of("1000.00");
    /** Customers with at least this lifetime value (and less than {@link #HIGH_VALUE}) are in the medium segment. */
    public static final BigDecimal MEDIUM_VALUE = Money.of("250.00");
    /** Below this ratio of units sold to units in stock, stock turns over slowly. */
    public static final BigDecimal SLOW_TURNOVER = new BigDecimal("0.1");

    private final InstantSource clock;

    /** Handlers on the system clock. */
    public AnalyticsHandlers() {
        this(InstantSource.system());
    }

    /** Handlers with times from {@code clock}. */
    public AnalyticsHandlers(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The sales in the input's date range. */
    @Handler("extract_sales_data")
    public SalesExtract extractSales(@Input PipelineRequest request) {
        DateRange range = range(request.dateRange());
        LocalDate from = date(range.startDate());
        LocalDate to = date(range.endDate());
        if (from.isAfter(to)) {
            throw new PermanentError("date_range starts (" + from + ") after it ends (" + to + ")");
        }
        List<SaleRecord> sales = SampleData.SALES.stream()
                .filter(s -> !LocalDate.parse(s.date()).isBefore(from)
                        && !LocalDate.parse(s.date()).isAfter(to))
                .toList();
        BigDecimal revenue = sum(sales, SaleRecord::total);
        int quantity = sales.stream().mapToInt(SaleRecord::quantity).sum();
        return new SalesExtract("sales_database", sales.size(), sales, revenue, revenue, quantity, range, now());
    }

    private static DateRange range(DateRange given) {
        if (given == null) {
            return DEFAULT_RANGE;
        }
        return new DateRange(
                given.startDate() != null ? given.startDate() : DEFAULT_RANGE.startDate(),
                given.endDate() != null ? given.endDate() : DEFAULT_RANGE.endDate());
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new PermanentError("date_range: '" + text + "' is not a date (yyyy-mm-dd)");
        }
    }

    /** Every warehouse's stock. */
    @Handler("extract_inventory_data")
    public InventoryExtract extractInventory() {
        List<StockRecord> stock = SampleData.STOCK;
        List<String> warehouses =
                stock.stream().map(StockRecord::warehouse).distinct().toList();
        return new InventoryExtract(
                "warehouse_system",
                stock.size(),
                stock,
                stock.stream().mapToInt(StockRecord::quantityOnHand).sum(),
                warehouses,
                stock.size(),
                now());
    }

    /** Every customer in the CRM. */
    @Handler("extract_customer_data")
    public CustomerExtract extractCustomers() {
        List<CustomerRecord> customers = SampleData.CUSTOMERS;
        BigDecimal total = sum(customers, CustomerRecord::lifetimeValue);
        Map<String, Integer> tiers = new TreeMap<>();
        customers.forEach(c -> tiers.merge(c.tier(), 1, Integer::sum));
        return new CustomerExtract(
                "crm",
                customers.size(),
                customers,
                customers.size(),
                total,
                average(total, customers.size()),
                tiers,
                now());
    }

    /** Revenue by day, product, category and region; the top category. */
    @Handler("transform_sales")
    public SalesSummary transformSales(@DependsOn("extract_sales_data") SalesExtract sales) {
        List<SaleRecord> records = sales.records();
        Map<String, BigDecimal> byCategory = revenueBy(records, SaleRecord::category);
        Map<String, BigDecimal> byRegion = revenueBy(records, SaleRecord::region);
        String top = byCategory.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
        return new SalesSummary(
                records.size(),
                revenueBy(records, SaleRecord::date),
                revenueBy(records, SaleRecord::product),
                sum(records, SaleRecord::total),
                byCategory,
                byRegion,
                top,
                byCategory.size(),
                byRegion.size(),
                records.size(),
                now());
    }

    /** Stock by warehouse and product; the SKUs at or below their reorder point. */
    @Handler("transform_inventory")
    public InventorySummary transformInventory(@DependsOn("extract_inventory_data") InventoryExtract inventory) {
        Map<String, WarehouseStock> warehouses = new TreeMap<>();
        Map<String, Integer> products = new TreeMap<>();
        List<String> reorder = new ArrayList<>();
        for (StockRecord s : inventory.records()) {
            boolean low = s.quantityOnHand() <= s.reorderPoint();
            warehouses.merge(
                    s.warehouse(),
                    new WarehouseStock(s.quantityOnHand(), 1, low ? 1 : 0),
                    (a, b) -> new WarehouseStock(
                            a.quantityOnHand() + b.quantityOnHand(),
                            a.skus() + b.skus(),
                            a.reorderAlerts() + b.reorderAlerts()));
            products.merge(s.product(), s.quantityOnHand(), Integer::sum);
            if (low) {
                reorder.add(s.sku());
            }
        }
        int total = inventory.records().stream()
                .mapToInt(StockRecord::quantityOnHand)
                .sum();
        return new InventorySummary(
                inventory.recordCount(),
                warehouses,
                products,
                total,
                reorder.size(),
                reorder,
                inventory.recordCount(),
                now());
    }

    /** Customers and value by tier; how many are of high, medium and low value. */
    @Handler("transform_customers")
    public CustomerSummary transformCustomers(@DependsOn("extract_customer_data") CustomerExtract customers) {
        Map<String, TierStats> tiers = new TreeMap<>();
        Map<String, Integer> segments = new TreeMap<>(Map.of("high", 0, "medium", 0, "low", 0));
        for (CustomerRecord c : customers.records()) {
            tiers.merge(
                    c.tier(),
                    new TierStats(1, c.lifetimeValue()),
                    (a, b) -> new TierStats(
                            a.customers() + b.customers(), a.lifetimeValue().add(b.lifetimeValue())));
            segments.merge(segment(c.lifetimeValue()), 1, Integer::sum);
        }
        BigDecimal total = sum(customers.records(), CustomerRecord::lifetimeValue);
        return new CustomerSummary(
                customers.recordCount(),
                tiers,
                segments,
                total,
                average(total, customers.recordCount()),
                customers.recordCount(),
                now());
    }

    private static String segment(BigDecimal value) {
        return value.compareTo(HIGH_VALUE) >= 0 ? "high" : value.compareTo(MEDIUM_VALUE) >= 0 ? "medium" : "low";
    }

    /** The three sources combined: revenue per customer, units sold per unit in stock. */
    @Handler("aggregate_metrics")
    public Metrics aggregate(
            @DependsOn("extract_sales_data") SalesExtract extract,
            @DependsOn("transform_sales") SalesSummary sales,
            @DependsOn("transform_inventory") InventorySummary inventory,
            @DependsOn("transform_customers") CustomerSummary customers) {
        BigDecimal perCustomer = average(sales.totalRevenue(), customers.recordCount());
        BigDecimal turnover = inventory.totalQuantityOnHand() == 0
                ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(extract.totalQuantity())
                        .divide(BigDecimal.valueOf(inventory.totalQuantityOnHand()), 4, RoundingMode.HALF_UP);
        return new Metrics(
                sales.totalRevenue(),
                inventory.totalQuantityOnHand(),
                customers.recordCount(),
                customers.totalLifetimeValue(),
                sales.recordCount(),
                inventory.reorderAlerts(),
                perCustomer,
                turnover,
                true,
                3,
                sales.recordsProcessed() + inventory.recordsProcessed() + customers.recordsProcessed(),
                List.of("sales_database", "warehouse_system", "crm"),
                now());
    }

    /** Findings and a health score: 100, less 10 per SKU to reorder and 10 for slow turnover. */
    @Handler("generate_insights")
    public Insights generateInsights(
            @DependsOn("aggregate_metrics") Metrics metrics, @DependsOn("transform_sales") SalesSummary sales) {
        List<Insight> insights = new ArrayList<>();
        int score = 100;
        if (sales.topCategory() != null) {
            BigDecimal top = sales.byCategory().get(sales.topCategory());
            insights.add(new Insight(
                    "sales",
                    "info",
                    sales.topCategory() + " leads with " + top.toPlainString()
                            + " of " + metrics.totalRevenue().toPlainString() + " revenue ("
                            + percent(top, metrics.totalRevenue()) + "%)",
                    "top_category",
                    "Feature " + sales.topCategory() + " in the next campaign"));
        }
        if (metrics.inventoryReorderAlerts() > 0) {
            score -= 10 * metrics.inventoryReorderAlerts();
            insights.add(new Insight(
                    "inventory",
                    "warning",
                    metrics.inventoryReorderAlerts() + " SKU(s) at or below their reorder point",
                    "inventory_reorder_alerts",
                    "Reorder them now"));
        }
        if (metrics.inventoryTurnoverIndicator().compareTo(SLOW_TURNOVER) < 0) {
            score -= 10;
            insights.add(new Insight(
                    "inventory",
                    "info",
                    "Units sold per unit in stock is "
                            + metrics.inventoryTurnoverIndicator().toPlainString(),
                    "inventory_turnover_indicator",
                    "Reduce stock of slow movers"));
        }
        insights.add(new Insight(
                "customers",
                "info",
                "Revenue per customer is " + metrics.revenuePerCustomer().toPlainString(),
                "revenue_per_customer",
                "Grow repeat purchases with a loyalty offer"));
        score = Math.max(score, 0);
        String rating = score >= 80 ? "good" : score >= 60 ? "fair" : "poor";
        HealthScore health = new HealthScore(score, 100, rating, insights.size() + " insight(s) from 8 metrics");
        return new Insights(insights, health, 8, true, insights.size(), rating, insights.size(), now());
    }

    private static Map<String, BigDecimal> revenueBy(List<SaleRecord> sales, Function<SaleRecord, String> key) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        sales.forEach(s -> totals.merge(key.apply(s), s.total(), BigDecimal::add));
        return totals;
    }

    private static <T> BigDecimal sum(List<T> items, Function<T, BigDecimal> amount) {
        return items.stream().map(amount).reduce(Money.ZERO, BigDecimal::add);
    }

    private static BigDecimal average(BigDecimal total, int count) {
        return count == 0 ? Money.ZERO : total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }

    private static String percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100))
                .divide(whole, 1, RoundingMode.HALF_UP)
                .toPlainString();
    }

    private String now() {
        return clock.instant().toString();
    }
}
