package dev.tasker.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.CursorConfig;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Java twins of the reference's CSV batch handlers (reference §4.3, §8.4 D1/D2) for
 * {@code python/batch_processing_py.yaml}. The analyzer splits the data rows as the Rust CSV analyzer
 * does (1-based rows, exclusive end, {@code batch_size}/{@code max_workers} from its initialization); each
 * worker reads its rows with plain Java; the aggregator sums the workers it sees.
 */
final class CsvHandlers {
    static final String ANALYZER = "batch_processing.step_handlers.CsvAnalyzerHandler";
    static final String WORKER = "batch_processing.step_handlers.CsvBatchProcessorHandler";
    static final String AGGREGATOR = "batch_processing.step_handlers.CsvResultsAggregatorHandler";
    static final String WORKER_TEMPLATE = "process_csv_batch_py";

    private CsvHandlers() {}

    static TaskerBuilder register(TaskerBuilder b, UnaryOperator<StepHandler> wrapWorker) {
        return b.handler(ANALYZER, CsvHandlers::analyze)
                .handler(WORKER, wrapWorker.apply(CsvHandlers::process))
                .handler(AGGREGATOR, CsvHandlers::aggregate);
    }

    static StepHandlerResult analyze(StepContext ctx) {
        List<String[]> rows = rows(Path.of(ctx.getInput("csv_file_path").asText()));
        int batchSize = ctx.getConfig("batch_size").asInt();
        int maxWorkers = ctx.getConfig("max_workers").asInt();
        if (rows.isEmpty()) {
            return StepHandlerResult.noBatches();
        }
        int n = rows.size();
        int workers = Math.min((n + batchSize - 1) / batchSize, maxWorkers);
        int size = (n + workers - 1) / workers;
        List<CursorConfig> cursors = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int start = i * size + 1;
            int end = Math.min((i + 1) * size, n) + 1;
            cursors.add(new CursorConfig(String.format("%03d", i + 1), start, end, end - start));
        }
        return StepHandlerResult.createBatches(WORKER_TEMPLATE, cursors, n);
    }

    static StepHandlerResult process(StepContext ctx) {
        JsonNode cursor = ctx.stepInputs().get("cursor");
        int start = cursor.get("start_cursor").asInt();
        int end = cursor.get("end_cursor").asInt();
        List<String[]> rows = rows(Path.of(ctx.getInput("csv_file_path").asText()));
        int processed = 0;
        double value = 0;
        double maxPrice = -1;
        String maxProduct = null;
        Map<String, Integer> categories = new TreeMap<>();
        for (int row = start; row < end; row++) {
            String[] r = rows.get(row - 1); // row numbers are 1-based data rows
            double price = Double.parseDouble(r[4]);
            value += price * Integer.parseInt(r[7]);
            categories.merge(r[3], 1, Integer::sum);
            if (price > maxPrice) {
                maxPrice = price;
                maxProduct = r[1];
            }
            processed++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch_id", cursor.get("batch_id").asText());
        out.put("processed_count", processed);
        out.put("total_inventory_value", value);
        out.put("category_counts", categories);
        out.put("max_price", maxPrice);
        out.put("max_price_product", maxProduct);
        return StepHandlerResult.success(out);
    }

    static StepHandlerResult aggregate(StepContext ctx) {
        Map<String, JsonNode> workers = ctx.getDependencyResults(WORKER_TEMPLATE + "_");
        int total = 0;
        int count = 0;
        int noOps = 0;
        double value = 0;
        double maxPrice = 0;
        String maxProduct = null;
        Map<String, Integer> categories = new TreeMap<>();
        for (JsonNode r : workers.values()) {
            if (r.path("no_op").asBoolean(false)) {
                noOps++;
                continue;
            }
            count++;
            total += r.get("processed_count").asInt();
            value += r.get("total_inventory_value").asDouble();
            r.get("category_counts")
                    .properties()
                    .forEach(e -> categories.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            if (r.get("max_price").asDouble() > maxPrice) {
                maxPrice = r.get("max_price").asDouble();
                maxProduct = r.get("max_price_product").asText();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_processed", total);
        out.put("worker_count", count);
        out.put("no_op_workers", noOps);
        out.put("workers_seen", List.copyOf(workers.keySet()));
        out.put("failed_workers", List.copyOf(ctx.failedDependencies().keySet()));
        out.put("total_inventory_value", value);
        out.put("category_counts", categories);
        out.put("max_price", maxPrice);
        out.put("max_price_product", maxProduct);
        return StepHandlerResult.success(out);
    }

    /** The data rows of a CSV file (header skipped), fields split on commas outside double quotes. */
    static List<String[]> rows(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (!line.isBlank()) {
                    out.add(split(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new PermanentError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields.toArray(String[]::new);
    }
}
