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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * The engine in a second JVM for {@link CheckpointYieldTest}: runs the checkpoint fixture on an H2 file.
 * Each worker invocation is logged ("attempt start_cursor") to {@code invocations.log}; an invocation that
 * resumes from a saved checkpoint prints {@code CHECKPOINT_SAVED cursor items} (the checkpoint was committed
 * before the engine re-invoked the handler), and once {@code block_at} items are checkpointed the worker
 * stops mid-batch, for the test to SIGKILL this JVM. Args: database folder, total items, items per
 * checkpoint, block_at.
 */
public final class CheckpointCrashWorker {
    private CheckpointCrashWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        int per = Integer.parseInt(args[2]);
        long blockAt = Long.parseLong(args[3]);
        CountDownLatch never = new CountDownLatch(1);
        TaskerBuilder b = builder(
                dir,
                inner -> logged(dir, ctx -> {
                    var cp = ctx.checkpoint().orElse(null);
                    if (cp != null) {
                        CrashWorker.say("CHECKPOINT_SAVED " + cp.cursor().asLong() + " " + cp.itemsProcessed());
                        if (cp.itemsProcessed() >= blockAt) {
                            never.await(); // mid-batch: items after the checkpoint are "being processed"
                        }
                    }
                    return inner.call(ctx);
                }));
        try (Tasker tasker = b.build()) {
            CrashWorker.say("SUBMITTED "
                    + tasker.submit(TaskRequest.of(
                                    CheckpointHandlers.NS,
                                    CheckpointHandlers.NAME,
                                    Map.of("total_items", total, "items_per_checkpoint", per)))
                            .taskId());
            never.await();
        }
    }

    /** An engine on the test's H2 file with the checkpoint fixture, the worker passed through {@code wrap}. */
    static TaskerBuilder builder(Path dir, UnaryOperator<StepHandler> wrap) {
        return CheckpointHandlers.register(
                Tasker.builder().jdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()), wrap);
    }

    /** Appends "attempt start_cursor" to the invocation log before the worker runs. */
    static StepHandler logged(Path dir, StepHandler inner) {
        Path log = dir.resolve("invocations.log");
        return ctx -> {
            long start = ctx.checkpoint()
                    .map(c -> c.cursor().asLong())
                    .orElse(ctx.stepInputs().at("/cursor/start_cursor").asLong());
            synchronized (CheckpointCrashWorker.class) {
                append(log, ctx.attempt() + " " + start + "\n");
            }
            return inner.call(ctx);
        };
    }

    private static void append(Path log, String line) throws IOException {
        Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
