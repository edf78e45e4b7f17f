package dev.tasker.it;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine in a second JVM, killed with SIGKILL by {@link BulkCrashTest} while it submits: batches of
 * {@code submitAll} and {@code submitAsync} one after the other, printing {@code ACK id} for every task once its
 * call acknowledged it. Args: database folder.
 */
public final class BulkCrashWorker {
    static final String TEMPLATE = """
            name: item
            namespace_name: bulkcrash
            version: 1.0.0
            steps:
              - {name: a, handler: {callable: ok}}
              - {name: b, handler: {callable: ok}, dependencies: [a]}
            """;

    private BulkCrashWorker() {}

    public static void main(String[] args) throws Exception {
        try (Tasker tasker = builder(Path.of(args[0])).build()) {
            for (int round = 0; ; round++) {
                List<TaskRequest> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    batch.add(TaskRequest.of("bulkcrash", "item", Map.of("round", round, "i", i)));
                }
                for (SubmitOutcome o : tasker.submitAll(batch)) {
                    CrashWorker.say("ACK " + o.orThrow().taskId());
                }
                tasker.submitAsync(TaskRequest.of("bulkcrash", "item", Map.of("round", round, "async", true)))
                        .thenAccept(h -> CrashWorker.say("ACK " + h.taskId()));
            }
        }
    }

    static TaskerBuilder builder(Path dir) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .templateYaml(TEMPLATE, "item.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of()));
    }
}
