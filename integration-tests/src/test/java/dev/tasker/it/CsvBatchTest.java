package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reference §4.3 and §8.4 D1/D2 on {@code python/batch_processing_py.yaml}: the products CSV is split into
 * five workers whose totals the aggregator sums to the reference's figures; an empty CSV takes the
 * no-batches path through one no-op placeholder.
 */
class CsvBatchTest {
    private static final Map<String, Integer> CATEGORIES = new TreeMap<>(Map.ofEntries(
            Map.entry("beauty", 50),
            Map.entry("fragrances", 50),
            Map.entry("furniture", 50),
            Map.entry("groceries", 270),
            Map.entry("home-decoration", 50),
            Map.entry("kitchen-accessories", 300),
            Map.entry("laptops", 50),
            Map.entry("mens-shirts", 50),
            Map.entry("mens-shoes", 50),
            Map.entry("mens-watches", 60),
            Map.entry("mobile-accessories", 20)));

    private final Map<String, JsonNode> cursors = new ConcurrentHashMap<>();

    private Tasker engine() {
        return CsvHandlers.register(
                        TestEngines.builder(new ManualClock())
                                .templates(Conformance.python("batch_processing_py.yaml")),
                        inner -> ctx -> {
                            cursors.put(ctx.stepName(), ctx.stepInputs().get("cursor"));
                            return inner.call(ctx);
                        })
                .build();
    }

    private static TaskSnapshot run(Tasker tasker, String csv) {
        Path file = Conformance.dir().resolve("data").resolve(csv);
        return Awaits.settled(
                tasker,
                tasker.submit(TaskRequest.of(
                        "csv_processing_py",
                        "csv_product_inventory_analyzer_py",
                        Map.of("csv_file_path", file.toString()))),
                TestEngines.AWAIT);
    }

    @Test
    void a_thousand_rows_are_split_over_five_workers_and_aggregated_to_the_reference_totals() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = run(tasker, "products.csv");
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            List<String> workers = s.steps().stream()
                    .map(StepSnapshot::name)
                    .filter(n -> n.startsWith("process_csv_batch_py_"))
                    .sorted()
                    .toList();
            assertEquals(
                    List.of(
                            "process_csv_batch_py_001",
                            "process_csv_batch_py_002",
                            "process_csv_batch_py_003",
                            "process_csv_batch_py_004",
                            "process_csv_batch_py_005"),
                    workers);
            assertEquals(7, s.steps().size(), "analyzer, five workers, aggregator");
            for (int i = 0; i < 5; i++) {
                JsonNode c = cursors.get(workers.get(i));
                assertEquals(String.format("%03d", i + 1), c.get("batch_id").asText());
                assertEquals(i * 200 + 1, c.get("start_cursor").asInt(), workers.get(i));
                assertEquals(i * 200 + 201, c.get("end_cursor").asInt(), workers.get(i));
                assertEquals(200, c.get("batch_size").asInt());
                assertEquals("process_csv_batch_py", s.step(workers.get(i)).templateStepName());
            }
            JsonNode r = s.step("aggregate_csv_results_py").result();
            assertEquals(1000, r.get("total_processed").asInt());
            assertEquals(5, r.get("worker_count").asInt());
            assertEquals(13999.99, r.get("max_price").asDouble());
            assertEquals("Rolex Submariner Watch", r.get("max_price_product").asText());
            assertEquals(35_588_047.00, r.get("total_inventory_value").asDouble(), 0.01);
            Map<String, Integer> categories = new TreeMap<>();
            r.get("category_counts")
                    .properties()
                    .forEach(e -> categories.put(e.getKey(), e.getValue().asInt()));
            assertEquals(CATEGORIES, categories);
            assertEquals(0, r.get("failed_workers").size());
        }
    }

    @Test
    void an_empty_csv_takes_the_no_batches_path_through_a_no_op_placeholder_the_aggregator_sees() {
        try (Tasker tasker = engine()) {
            TaskSnapshot s = run(tasker, "products_empty.csv");
            assertEquals(TaskState.COMPLETE, s.state(), () -> s.steps().toString());
            assertEquals(
                    List.of("analyze_csv_py", "process_csv_batch_py_000", "aggregate_csv_results_py"),
                    s.steps().stream().map(StepSnapshot::name).toList());
            StepSnapshot placeholder = s.step("process_csv_batch_py_000");
            assertEquals(StepState.COMPLETE, placeholder.state());
            assertTrue(placeholder.result().get("no_op").asBoolean());
            assertTrue(cursors.isEmpty(), "the engine completed the placeholder; the worker handler never ran");
            assertEquals(
                    "no_batches",
                    s.step("analyze_csv_py")
                            .result()
                            .get("batch_processing_outcome")
                            .get("type")
                            .asText());
            JsonNode r = s.step("aggregate_csv_results_py").result();
            assertEquals(0, r.get("total_processed").asInt());
            assertEquals(0, r.get("worker_count").asInt());
            assertEquals(1, r.get("no_op_workers").asInt());
            assertEquals(
                    "process_csv_batch_py_000", r.get("workers_seen").get(0).asText());
        }
    }
}
