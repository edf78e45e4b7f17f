package dev.tasker.it;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An application that forgets {@code close()}: in its own JVM, it builds an engine with no database named (so
 * the default location applies: the test sets {@code tasker.db.path} or {@code user.home}), submits a task of
 * {@link #TEMPLATE}, and returns from {@code main} while step {@code a} runs. Step {@code a}'s handler goes on
 * until the JVM starts exiting (a JVM shutdown hook of this class tells it), then works 300 ms more and
 * succeeds. Prints {@code SUBMITTED <id>} and {@code RUNNING}.
 *
 * <p>Args: {@code hook|nohook} (whether the engine's shutdown hook is on).
 */
public final class ExitWithoutCloseWorker {
    static final String TEMPLATE = """
            name: exit_demo
            namespace_name: it
            version: 1.0.0
            steps:
              - name: a
                handler: {callable: a}
              - name: b
                handler: {callable: b}
                dependencies: [a]
            """;

    private static volatile boolean exiting;

    private ExitWithoutCloseWorker() {}

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exiting = true));
        CountDownLatch running = new CountDownLatch(1);
        Tasker tasker = Tasker.builder()
                .templateYaml(TEMPLATE, "exit_demo.yaml")
                .shutdownHook(args[0].equals("hook"))
                .handler("a", ctx -> {
                    running.countDown();
                    while (!exiting) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // finishing its work
                    return StepHandlerResult.success(Map.of("done", true));
                })
                .handler("b", ctx -> StepHandlerResult.success(Map.of()))
                .build();
        System.out.println("SUBMITTED "
                + tasker.submit(TaskRequest.of("it", "exit_demo", Map.of())).taskId());
        running.await();
        System.out.println("RUNNING");
        System.out.flush();
        // No close(): main returns, the engine's threads are daemons, the JVM exits.
    }
}
