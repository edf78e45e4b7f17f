package dev.tasker.examples.datapipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnalyticsPipelineTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static TaskSnapshot run(TaskerTestEnvironment env, Map<String, Object> input) {
        return env.run(AnalyticsPipeline.NAMESPACE, AnalyticsPipeline.NAME, input);
    }

    private static Map<String, Object> january(String start, String end) {
        return Map.of("pipeline_id", "pl-2026-01", "date_range", Map.of("start_date", start, "end_date", end));
    }

    @Test
    void january_sells_3829_41_and_the_business_is_in_fair_health(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, Map.of("pipeline_id", "pl-1")));

        SalesSummary sales = env.result(done, "transform_sales", SalesSummary.class);
        assertEquals(new BigDecimal("3829.41"), sales.totalRevenue());
        assertEquals("electronics", sales.topCategory());
        assertEquals(
                Map.of(
                        "clothing",
                        new BigDecimal("459.92"),
                        "electronics",
                        new BigDecimal("2447.49"),
                        "food",
                        new BigDecimal("145.00"),
                        "home",
                        new BigDecimal("267.00"),
                        "sports",
                        new BigDecimal("510.00")),
                sales.byCategory());
        assertEquals(new BigDecimal("2192.99"), sales.byRegion().get("us-east"));
        InventorySummary inventory = env.result(done, "transform_inventory", InventorySummary.class);
        assertEquals(500, inventory.totalQuantityOnHand());
        assertEquals(List.of("SKU-1002", "SKU-2002", "SKU-4001"), inventory.reorderSkus());
        assertEquals(new WarehouseStock(380, 3, 0), inventory.warehouseSummary().get("WH-CENTRAL-01"));
        CustomerSummary customers = env.result(done, "transform_customers", CustomerSummary.class);
        assertEquals(new BigDecimal("6150.50"), customers.totalLifetimeValue());
        assertEquals(new BigDecimal("1025.08"), customers.avgCustomerValue());
        assertEquals(
                new TierStats(3, new BigDecimal("520.00")),
                customers.tierAnalysis().get("standard"));
        assertEquals(Map.of("high", 2, "medium", 2, "low", 2), customers.valueSegments());

        Metrics metrics = env.result(done, "aggregate_metrics", Metrics.class);
        assertEquals(new BigDecimal("638.24"), metrics.revenuePerCustomer(), "3829.41 / 6");
        assertEquals(new BigDecimal("0.0880"), metrics.inventoryTurnoverIndicator(), "44 units sold / 500 in stock");
        assertEquals(24, metrics.totalRecordsProcessed());
        Insights insights = env.result(done, "generate_insights", Insights.class);
        assertEquals(
                new HealthScore(60, 100, "fair", "4 insight(s) from 8 metrics"),
                insights.healthScore(),
                "100 - 3 x 10 for reorders - 10 for slow turnover");
        assertEquals(
                List.of(
                        "top_category",
                        "inventory_reorder_alerts",
                        "inventory_turnover_indicator",
                        "revenue_per_customer"),
                insights.insights().stream().map(Insight::metric).toList());
        assertEquals(
                "electronics leads with 2447.49 of 3829.41 revenue (63.9%)",
                insights.insights().get(0).message());
    }

    @Test
    void the_date_range_selects_the_sales(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(run(env, january("2026-01-01", "2026-01-15")));

        SalesExtract sales = env.result(done, "extract_sales_data", SalesExtract.class);
        assertEquals(5, sales.recordCount());
        assertEquals(new BigDecimal("2843.50"), sales.totalRevenue());
        assertEquals(24, sales.totalQuantity());
        assertEquals(
                new BigDecimal("473.92"),
                env.result(done, "aggregate_metrics", Metrics.class).revenuePerCustomer());
    }

    @Test
    void a_range_that_ends_before_it_starts_stops_the_pipeline_before_any_transform(TaskerTestEnvironment env) {
        TaskSnapshot done = run(env, january("2026-01-31", "2026-01-01"));

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("extract_sales_data").state());
        assertEquals(1, done.step("extract_sales_data").attempts());
        assertEquals(
                "date_range starts (2026-01-31) after it ends (2026-01-01)",
                done.step("extract_sales_data").error().get("message").asText());
        for (String later : List.of("transform_sales", "aggregate_metrics", "generate_insights")) {
            assertEquals(StepState.PENDING, done.step(later).state(), later);
            assertTrue(env.invocations(later).isEmpty(), later + " never ran");
        }
    }

    @Test
    void a_flaky_warehouse_system_is_retried_while_the_other_extracts_carry_on(TaskerTestEnvironment env) {
        env.inject("extract_inventory_data").failTimes(2);

        TaskSnapshot done = env.assertComplete(run(env, Map.of("pipeline_id", "pl-1")));

        assertEquals(3, done.step("extract_inventory_data").attempts(), "max_attempts: 3, all used");
        assertEquals(Duration.ofSeconds(2 + 4), env.elapsed(), "exponential from 2 s");
        assertEquals(1, done.step("extract_sales_data").attempts());
        assertEquals(1, done.step("transform_sales").attempts());
        assertEquals(
                new BigDecimal("638.24"),
                env.result(done, "aggregate_metrics", Metrics.class).revenuePerCustomer());
    }
}
