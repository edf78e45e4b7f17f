package dev.tasker.it;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.template.IdentityStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The engine in a second JVM for {@link RewoundStoreTest}: runs linear tasks to completion on an H2 file,
 * says {@code DONE}, runs one more task (a write after them, so that the next generation raise covers
 * them all), says {@code EXTRA}, and waits to be killed with SIGKILL, leaving the file as a crash does.
 * Args: database folder, number of tasks.
 */
public final class RewoundStoreWorker {
    private RewoundStoreWorker() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        try (Tasker tasker = builder(folder).build()) {
            run(tasker, count).forEach(id -> CrashWorker.say("TASK " + id));
            CrashWorker.say("DONE");
            run(tasker, 1).forEach(id -> CrashWorker.say("EXTRA " + id));
            new CountDownLatch(1).await();
        }
    }

    /** The engine on {@code <folder>/db} with the linear fixture; every submission a new task. */
    static TaskerBuilder builder(Path folder) {
        TaskerBuilder b = Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + folder.resolve("db").toAbsolutePath())
                .templates(Conformance.python("linear_workflow_handler_py.yaml"))
                .identityStrategy(IdentityStrategy.ALWAYS_UNIQUE);
        return MathHandlers.register(b);
    }

    /** Submits {@code count} tasks and waits for all to complete. */
    static List<UUID> run(Tasker tasker, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(tasker.submit(TaskRequest.of(
                            "linear_workflow_py", "mathematical_sequence_py", Map.of("even_number", 2 * (i % 50 + 1))))
                    .taskId());
        }
        for (UUID id : ids) {
            TaskState state = tasker.handle(id).await(Duration.ofSeconds(60)).state();
            if (state != TaskState.COMPLETE) {
                throw new IllegalStateException("task " + id + " ended " + state);
            }
        }
        return ids;
    }
}
