package dev.tasker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.Tasker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** An environment made by hand: what closing it does and what it refuses. */
class TaskerTestEnvironmentLifecycleTest {

    private static TaskerTestEnvironment oneStep() {
        return TaskerTestEnvironment.create()
                .templateYaml(Templates.oneStep("{max_attempts: 1}", 10))
                .handler("work", ctx -> StepHandlerResult.success(Map.of()));
    }

    @Test
    void closing_the_environment_closes_its_engine() {
        TaskerTestEnvironment env = oneStep();
        Tasker tasker = env.tasker();

        env.close();

        assertThrows(IllegalStateException.class, () -> tasker.submit(TaskRequest.of("tests", "one", Map.of())));
        assertThrows(IllegalStateException.class, env::tasker);
    }

    @Test
    void closing_the_environment_drops_its_database() throws SQLException {
        TaskerTestEnvironment env = oneStep();
        env.assertComplete(env.run("tests", "one", Map.of()));

        env.close();

        try (Connection c = DriverManager.getConnection(env.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet tables = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            tables.next();
            assertEquals(0, tables.getInt(1), "the URL now opens a new, empty database");
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void configuring_after_the_engine_started_is_refused() {
        try (TaskerTestEnvironment env = oneStep()) {
            env.tasker();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.environment("test"));
            assertTrue(e.getMessage().contains("before its engine starts"), e.getMessage());
        }
    }

    @Test
    void a_handler_that_ignores_interruption_fails_the_close_naming_its_step() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskerTestEnvironment env = TaskerTestEnvironment.create()
                .templateYaml(Templates.oneStep("{max_attempts: 1}", 10))
                .handler("work", ctx -> {
                    started.countDown();
                    while (true) {
                        try {
                            release.await();
                            return StepHandlerResult.success(Map.of());
                        } catch (InterruptedException ignored) {
                            // a badly behaved handler
                        }
                    }
                });
        env.submit(TaskRequest.of("tests", "one", Map.of()));
        assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "the handler started");
        try {
            AssertionError e = assertThrows(AssertionError.class, env::close);
            assertTrue(e.getMessage().contains("step(s) [work] still run"), e.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_handler_that_ignores_its_timeout_fails_the_run_in_time_saying_so() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TaskerTestEnvironment env = TaskerTestEnvironment.create()
                .templateYaml(Templates.oneStep("{max_attempts: 2, backoff: none}", 10))
                .handler("work", ctx -> {
                    started.countDown();
                    while (true) {
                        try {
                            release.await();
                            return StepHandlerResult.success(Map.of());
                        } catch (InterruptedException ignored) {
                            // a badly behaved handler
                        }
                    }
                })
                .timeout(java.time.Duration.ofMillis(300))) {
            java.util.UUID id = env.submit(TaskRequest.of("tests", "one", Map.of()));
            assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "the handler started");
            env.clock().advance(java.time.Duration.ofSeconds(10));
            try {
                AssertionError e = assertThrows(AssertionError.class, () -> env.runToCompletion(id));
                assertTrue(
                        e.getMessage().contains("work: waiting_for_retry, 1/2 attempt(s)")
                                && e.getMessage()
                                        .contains("1 handler(s) interrupted at their step's timeout have not returned"),
                        e.getMessage());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void a_task_that_cannot_settle_in_time_fails_with_a_description_of_its_steps() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (TaskerTestEnvironment env = TaskerTestEnvironment.create()
                .templateYaml(Templates.oneStep("{max_attempts: 1}", 10))
                .handler("work", ctx -> {
                    release.await();
                    return StepHandlerResult.success(Map.of());
                })
                .timeout(java.time.Duration.ofMillis(300))) {
            AssertionError e = assertThrows(AssertionError.class, () -> env.run("tests", "one", Map.of()));
            assertTrue(
                    e.getMessage().contains("timed out (in real time) waiting for task")
                            && e.getMessage().contains("work: in_progress, 1/1 attempt(s)"),
                    e.getMessage());
            release.countDown();
        }
    }
}
