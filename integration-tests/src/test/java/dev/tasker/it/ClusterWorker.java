package dev.tasker.it;

import dev.tasker.api.StepHandler;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One engine node in its own JVM, for {@link MultiNodeTest}: the diamond fixture on the PostgreSQL schema
 * the test gives, every handler execution appended to {@code executions-<node>.log} ("task step attempt")
 * before the handler works, then {@code workMillis} of simulated work. Prints {@code READY} once built;
 * when told to submit, {@code SUBMITTED <id>} per task (16 submits at a time) and {@code ALL_SUBMITTED}. Runs until killed (a
 * SIGTERM closes the engine cleanly; the test also uses SIGKILL).
 * Args: JDBC URL, node id, folder for the log, tasks to submit, max owned tasks, lease ms, work ms.
 */
public final class ClusterWorker {
    private ClusterWorker() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String node = args[1];
        Path dir = Path.of(args[2]);
        int submit = Integer.parseInt(args[3]);
        int maxOwned = Integer.parseInt(args[4]);
        long leaseMillis = Long.parseLong(args[5]);
        long workMillis = Long.parseLong(args[6]);
        Path log = dir.resolve("executions-" + node + ".log");
        TaskerBuilder b = Tasker.builder()
                .jdbcUrl(url)
                .nodeId(node)
                .poolSize(4)
                .templates(Conformance.python("diamond_workflow_handler_py.yaml"))
                .maxOwnedTasks(maxOwned)
                .leaseDuration(Duration.ofMillis(leaseMillis))
                .queuePollInterval(Duration.ofMillis(500));
        MathHandlers.register(b, inner -> logged(inner, log, workMillis));
        Tasker tasker = b.build();
        Runtime.getRuntime().addShutdownHook(new Thread(tasker::close));
        CrashWorker.say("READY");
        // Submitted from 16 threads at once, as requests of a web application would come.
        try (var submitters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(16);
            for (int i = 0; i < submit; i++) {
                int run = i;
                inFlight.acquire();
                submitters.submit(() -> {
                    try {
                        CrashWorker.say("SUBMITTED "
                                + tasker.submit(TaskRequest.of(
                                                "diamond_workflow_py",
                                                "parallel_computation_py",
                                                Map.of("even_number", evenNumber(run), "run", run)))
                                        .taskId());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        if (submit > 0) {
            CrashWorker.say("ALL_SUBMITTED");
        }
        new CountDownLatch(1).await();
    }

    /** The even number task {@code i} squares: 2 to 100. */
    static int evenNumber(int i) {
        return 2 * (1 + i % 50);
    }

    private static StepHandler logged(StepHandler inner, Path log, long workMillis) {
        return ctx -> {
            append(log, ctx.taskId() + " " + ctx.stepName() + " " + ctx.attempt() + "\n");
            if (workMillis > 0) {
                Thread.sleep(workMillis); // the step's work
            }
            return inner.call(ctx);
        };
    }

    private static void append(Path log, String line) throws IOException {
        synchronized (ClusterWorker.class) {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
