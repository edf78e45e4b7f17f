package dev.tasker.it;

import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The engine in a second JVM for {@link ProcessExitTest}: its one handler calls {@code System.exit(3)}.
 * Prints {@code SUBMITTED <task id>} once the task is submitted. Args: database folder.
 */
public final class ExitWorker {
    static final String TEMPLATE = """
            name: exiter
            namespace_name: exits
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: exiter}
                retry: {max_attempts: 1}
            """;

    private ExitWorker() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        try (Tasker tasker = builder(Path.of(args[0]))
                .handler("exiter", ctx -> {
                    submitted.await(); // the id is printed first, so the test knows which task to look at
                    System.exit(3);
                    return null;
                })
                .build()) {
            System.out.println("SUBMITTED "
                    + tasker.submit(TaskRequest.of("exits", "exiter", Map.of())).taskId());
            System.out.flush();
            submitted.countDown();
            new CountDownLatch(1).await();
        }
    }

    static TaskerBuilder builder(Path dir) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .templateYaml(TEMPLATE, "exiter.yaml");
    }
}
