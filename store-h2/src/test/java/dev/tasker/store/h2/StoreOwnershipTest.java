package dev.tasker.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import dev.tasker.engine.store.StoreOwnedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine at a time runs an H2 database: a second engine, in the same JVM (two cached application
 * contexts) or in another JVM through {@code AUTO_SERVER}, is refused at {@code build()} with a message
 * naming the file, the owner and what to do, and runs none of the owner's in-flight steps. Operator engines
 * are not refused; once the owner closes, another engine builds.
 */
class StoreOwnershipTest {
    static final String TEMPLATE = """
            name: hold
            namespace_name: own
            version: 1.0.0
            steps:
              - {name: work, handler: {callable: hold.step}}
            """;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final AtomicInteger ownerRuns = new AtomicInteger();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void a_second_engine_in_the_same_jvm_is_refused_and_runs_nothing() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Tasker owner = owner(url)) {
            UUID id = inFlightTask(owner);
            AtomicInteger secondRuns = new AtomicInteger();

            StoreOwnedException refused = assertThrows(
                    StoreOwnedException.class,
                    () -> Tasker.builder()
                            .jdbcUrl(url)
                            .nodeId("second")
                            .templateYaml(TEMPLATE, "hold.yaml")
                            .handler("hold.step", ctx -> {
                                secondRuns.incrementAndGet();
                                return StepHandlerResult.success(Map.of());
                            })
                            .build());

            assertRefusal(refused.getMessage());
            assertEquals(0, secondRuns.get(), "the refused engine ran a step");
            assertEquals(1, ownerRuns.get());
            assertEquals(
                    TaskState.STEPS_IN_PROCESS, owner.task(id).orElseThrow().state(), "the owner's task goes on");
            release.countDown();
            assertEquals(TaskState.COMPLETE, owner.handle(id).await(PATIENCE).state());
        }
    }

    @Test
    void two_application_contexts_with_their_own_data_source_pools_are_one_owner_and_one_refusal() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (HikariDataSource first = pool(url);
                HikariDataSource second = pool(url)) {
            try (Tasker owner = Tasker.builder()
                    .dataSource(first)
                    .nodeId("first")
                    .templateYaml(TEMPLATE, "hold.yaml")
                    .handler("hold.step", ctx -> {
                        ownerRuns.incrementAndGet();
                        running.countDown();
                        assertTrue(release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "never released");
                        return StepHandlerResult.success(Map.of());
                    })
                    .build()) {
                UUID id = inFlightTask(owner);

                StoreOwnedException refused = assertThrows(
                        StoreOwnedException.class,
                        () -> Tasker.builder()
                                .dataSource(second)
                                .templateYaml(TEMPLATE, "hold.yaml")
                                .handler("hold.step", ctx -> StepHandlerResult.success(Map.of()))
                                .build());

                assertRefusal(refused.getMessage());
                assertEquals(
                        0,
                        second.getHikariPoolMXBean().getActiveConnections(),
                        "the refused engine gave back" + " every connection it took");
                release.countDown();
                assertEquals(
                        TaskState.COMPLETE, owner.handle(id).await(PATIENCE).state());
            }
            assertEquals(
                    0,
                    first.getHikariPoolMXBean().getActiveConnections(),
                    "the owner's held connection went" + " back to the application's pool when the engine closed");
            List<java.sql.Connection> all = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < POOL_SIZE; i++) { // every connection of the pool, so the held one too
                    all.add(first.getConnection());
                }
                for (java.sql.Connection c : all) {
                    try (var s = c.createStatement();
                            var lockTimeout = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
                        assertTrue(lockTimeout.next());
                        assertEquals(
                                H2_DEFAULT_LOCK_TIMEOUT_MS,
                                lockTimeout.getInt(1),
                                "connections come back as they went");
                    }
                }
            } finally {
                for (java.sql.Connection c : all) {
                    c.close();
                }
            }
        }
    }

    private static final int H2_DEFAULT_LOCK_TIMEOUT_MS = 2_000;
    private static final int POOL_SIZE = 5;

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL_SIZE);
        return new HikariDataSource(config);
    }

    @Test
    void an_operator_client_is_not_refused_while_the_owner_runs() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Tasker owner = owner(url)) {
            UUID id = inFlightTask(owner);
            try (TaskerClient operator = Tasker.builder()
                    .jdbcUrl(url)
                    .templateYaml(TEMPLATE, "hold.yaml")
                    .buildClient()) {
                assertEquals(
                        TaskState.STEPS_IN_PROCESS,
                        operator.task(id).orElseThrow().state());
            }
            release.countDown();
            assertEquals(TaskState.COMPLETE, owner.handle(id).await(PATIENCE).state());
        }
    }

    @Test
    void once_the_owner_closes_another_engine_builds_and_resumes_its_work() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        UUID id;
        try (Tasker owner = Tasker.builder()
                .jdbcUrl(url)
                .nodeId("first")
                .shutdownGrace(Duration.ZERO)
                .templateYaml(TEMPLATE, "hold.yaml")
                .handler("hold.step", ctx -> {
                    ownerRuns.incrementAndGet();
                    running.countDown();
                    release.await(); // interrupted by close(), whose grace is zero
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            id = inFlightTask(owner);
        }
        AtomicInteger nextRuns = new AtomicInteger();
        try (Tasker next = Tasker.builder()
                .jdbcUrl(url)
                .nodeId("next")
                .templateYaml(TEMPLATE, "hold.yaml")
                .handler("hold.step", ctx -> {
                    nextRuns.incrementAndGet();
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            assertEquals(TaskState.COMPLETE, next.handle(id).await(PATIENCE).state());
            assertTrue(nextRuns.get() >= 1, "the new owner ran the step the closed one left");
        }
    }

    @Test
    void a_second_engine_in_another_jvm_through_auto_server_is_refused() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        try (Tasker owner = owner(url)) {
            UUID id = inFlightTask(owner);
            try (ChildJvm second = ChildJvm.start(SecondEngineProcess.class, dir.resolve("second.log"), url)) {
                assertEquals(0, second.awaitExit(), second::log);
                List<String> lines = second.lines();
                assertEquals(1, lines.size(), () -> lines + "\n" + second.log());
                assertTrue(lines.getFirst().startsWith("refused: "), () -> lines + "\n" + second.log());
                assertRefusal(lines.getFirst());
            }
            assertEquals(1, ownerRuns.get());
            release.countDown();
            assertEquals(TaskState.COMPLETE, owner.handle(id).await(PATIENCE).state());
        }
        try (ChildJvm third = ChildJvm.start(SecondEngineProcess.class, dir.resolve("third.log"), url)) {
            assertEquals(0, third.awaitExit(), third::log);
            assertEquals(List.of("built"), third.lines(), third::log);
        }
    }

    private void assertRefusal(String message) {
        assertTrue(
                message.contains("the database " + dir.resolve("db.mv.db") + " is already run by another"
                        + " Tasker engine (node first, host "),
                message);
        assertTrue(message.contains(", pid " + ProcessHandle.current().pid() + ", running since "), message);
        assertTrue(message.contains("Close that engine first"), message);
        assertTrue(message.contains("TaskerBuilder.buildClient()") && message.contains("command line"), message);
    }

    /** The application's engine: its handler holds the step until released. */
    private Tasker owner(String url) {
        return Tasker.builder()
                .jdbcUrl(url)
                .nodeId("first")
                .templateYaml(TEMPLATE, "hold.yaml")
                .handler("hold.step", ctx -> {
                    ownerRuns.incrementAndGet();
                    running.countDown();
                    assertTrue(release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "never released");
                    return StepHandlerResult.success(Map.of());
                })
                .build();
    }

    /** Submits a task and returns once its step runs. */
    private UUID inFlightTask(Tasker owner) throws InterruptedException {
        UUID id = owner.submit(TaskRequest.of("own", "hold", Map.of("n", 1))).taskId();
        assertTrue(running.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the step never started");
        return id;
    }
}
