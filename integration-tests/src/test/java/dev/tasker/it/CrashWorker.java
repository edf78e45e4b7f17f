package dev.tasker.it;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
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

/**
 * The engine in a second JVM, to be killed with SIGKILL by {@link CrashRecoveryTest}. Runs the linear
 * fixture on an H2 file; every handler execution is appended to an execution log before it works, and
 * progress goes to stdout so the test knows when to kill:
 * <ul>
 *   <li>{@code queued}: a blocker task holds the only step slot, then the tasks are submitted; their
 *       steps never start ("before a step starts");</li>
 *   <li>{@code running}: step 2 blocks forever ("while a step runs");</li>
 *   <li>{@code completed}: step 2 returns and says so, step 3 blocks ("right after a step completes").</li>
 * </ul>
 * Args: database folder, mode, number of tasks.
 */
public final class CrashWorker {
    static final String BLOCKER = """
            name: blocker
            namespace_name: crash
            version: 1.0.0
            steps:
              - name: hold
                handler: {callable: blocker}
                retry: {max_attempts: 5}
            """;

    private CrashWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        int tasks = Integer.parseInt(args[2]);
        CountDownLatch never = new CountDownLatch(1);
        StepHandler block = ctx -> {
            say("RUNNING " + ctx.taskId() + " " + ctx.stepName());
            never.await();
            return StepHandlerResult.success(Map.of());
        };
        TaskerBuilder b = builder(dir, mode.equals("queued") ? 1 : 10_000).handler("blocker", block);
        MathHandlers.register(b, inner -> misbehave(logged(inner, dir), mode, block));
        try (Tasker tasker = b.build()) {
            if (mode.equals("queued")) {
                say("SUBMITTED "
                        + tasker.submit(TaskRequest.of("crash", "blocker", Map.of()))
                                .taskId());
            }
            for (int i = 0; i < tasks; i++) {
                say("SUBMITTED "
                        + tasker.submit(TaskRequest.of(
                                        "linear_workflow_py",
                                        "mathematical_sequence_py",
                                        Map.of("even_number", 2 * (i + 1))))
                                .taskId());
            }
            say("ALL_SUBMITTED");
            never.await();
        }
    }

    /** An engine on the test's H2 file with the linear fixture and the blocker template. */
    static TaskerBuilder builder(Path dir, int maxConcurrent) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .templates(Conformance.python("linear_workflow_handler_py.yaml"))
                .templateYaml(BLOCKER, "blocker.yaml")
                .maxConcurrentSteps(maxConcurrent);
    }

    /** Appends "task step attempt" to the execution log before the handler runs. */
    static StepHandler logged(StepHandler inner, Path dir) {
        Path log = dir.resolve("executions.log");
        return ctx -> {
            append(log, ctx.taskId() + " " + ctx.stepName() + " " + ctx.attempt() + "\n");
            return inner.call(ctx);
        };
    }

    private static StepHandler misbehave(StepHandler inner, String mode, StepHandler block) {
        return ctx -> {
            boolean step2 = ctx.stepName().equals("linear_step_2_py");
            boolean step3 = ctx.stepName().equals("linear_step_3_py");
            if (mode.equals("running") && step2 || mode.equals("completed") && step3) {
                inner.call(ctx);
                return block.call(ctx);
            }
            StepHandlerResult r = inner.call(ctx);
            if (mode.equals("completed") && step2) {
                say("RETURNED " + ctx.taskId() + " " + ctx.stepName());
            }
            return r;
        };
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private static void append(Path log, String line) throws IOException {
        synchronized (CrashWorker.class) {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
