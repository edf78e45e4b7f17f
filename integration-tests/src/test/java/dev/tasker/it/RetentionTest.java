package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.PurgeReport;
import dev.tasker.engine.Retention;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention on a running engine, on the manual clock: the background purge deletes only the old finished tasks,
 * and under a steady load the store stops growing once the first retention window has passed.
 */
class RetentionTest {
    static final String CHAIN = """
            name: chain
            namespace_name: %s
            version: 1.0.0
            steps:
              - {name: a, handler: {callable: step}}
              - {name: b, handler: {callable: step}, dependencies: [a], retry: {max_attempts: 1}}
              - {name: c, handler: {callable: step}, dependencies: [b]}
            """;
    static final List<String> TABLES = List.of(
            "tasker_tasks",
            "tasker_steps",
            "tasker_step_edges",
            "tasker_step_checkpoints",
            "tasker_task_transitions",
            "tasker_step_transitions",
            "tasker_dlq",
            "tasker_event_outbox");

    @Test
    void the_background_purge_deletes_only_finished_tasks_older_than_their_namespace_keeps_them() throws Exception {
        ManualClock clock = new ManualClock();
        String url = TestEngines.memoryUrl();
        try (Tasker tasker = engine(
                        url,
                        clock,
                        Retention.keep(Duration.ofHours(1))
                                .namespace("audit", Duration.ofDays(7))
                                .every(Duration.ofMillis(10)))
                .build()) {
            List<UUID> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                old.add(run(tasker, "shop", Map.of("k", i)).taskId());
            }
            UUID blocked = run(tasker, "shop", Map.of("fail", "b")).taskId();
            UUID audit = run(tasker, "audit", Map.of("k", "audit")).taskId();
            assertEquals(
                    TaskState.BLOCKED_BY_FAILURES,
                    tasker.task(blocked).orElseThrow().state());
            Map<String, Long> before = counts(url);
            clock.advance(Duration.ofMinutes(61));
            UUID recent = run(tasker, "shop", Map.of("k", "recent")).taskId();

            await().atMost(TestEngines.AWAIT).until(() -> tasker.stats().tasksPurged() == 3);

            Map<String, Long> after = counts(url);
            // Three old tasks went, one recent task came: three steps and two edges each.
            assertEquals(before.get("tasker_tasks") - 3 + 1, after.get("tasker_tasks"));
            assertEquals(before.get("tasker_steps") - 9 + 3, after.get("tasker_steps"));
            assertEquals(before.get("tasker_step_edges") - 6 + 2, after.get("tasker_step_edges"));
            assertEquals(before.get("tasker_dlq"), after.get("tasker_dlq"), "the blocked task's pending entry");
            old.forEach(id -> assertTrue(tasker.task(id).isEmpty(), "purged: " + id));
            for (UUID kept : List.of(blocked, audit, recent)) {
                assertTrue(tasker.task(kept).isPresent(), "kept: " + kept);
                assertTrue(rows(url, "tasker_task_transitions", kept) > 0, "its audit is kept: " + kept);
            }
            assertEquals(0, rows(url, "tasker_task_transitions", old.get(0)));
            assertEquals(0, rows(url, "tasker_step_transitions", old.get(0)));
            // A purged task's identity is free again: the same request makes a new task.
            TaskHandle again = tasker.submit(TaskRequest.of("shop", "chain", Map.of("k", 0)));
            assertFalse(again.isDuplicate());
            assertNotEquals(old.get(0), again.taskId());
            assertEquals(
                    TaskState.COMPLETE,
                    Awaits.settled(tasker, again, TestEngines.AWAIT).state());

            // An operator purge with its own age (the policy keeps audit tasks 7 days), dry run first.
            PurgeReport dry = tasker.purge(Duration.ZERO, "audit", true);
            assertEquals(1, dry.tasks());
            assertEquals(3, dry.rows("tasker_steps"));
            assertTrue(tasker.task(audit).isPresent(), "a dry run deletes nothing");
            PurgeReport purged = tasker.purge(Duration.ZERO, "audit", false);
            assertEquals(dry.rowsByTable(), purged.rowsByTable());
            assertTrue(tasker.task(audit).isEmpty());

            clock.advance(Duration.ofDays(8));
            await().atMost(TestEngines.AWAIT)
                    .until(() -> tasker.task(recent).isEmpty()
                            && tasker.task(again.taskId()).isEmpty());
            assertTrue(tasker.task(blocked).isPresent(), "an unfinished task is never purged");
            await().atMost(TestEngines.AWAIT).until(() -> tasker.stats().tasksPurged() == 6);
            assertEquals(0, tasker.purge(Duration.ZERO).tasks(), "only the blocked task is left");
        }
    }

    @Test
    void with_the_default_policy_nothing_is_ever_deleted() {
        ManualClock clock = new ManualClock();
        try (Tasker tasker =
                engine(TestEngines.memoryUrl(), clock, Retention.FOREVER).build()) {
            UUID id = run(tasker, "shop", Map.of()).taskId();
            clock.advance(Duration.ofDays(3650));
            tasker.submit(TaskRequest.of("shop", "chain", Map.of())); // a commit after the jump
            assertTrue(tasker.task(id).isPresent());
            assertEquals(0, tasker.stats().tasksPurged());
            assertTrue(tasker.stats().loopErrors().keySet().stream().noneMatch(n -> n.contains("retention")));
        }
    }

    /**
     * 24 simulated hours of steady load (3 tasks of 3 steps per simulated minute, 4320 tasks in all), retention 1
     * hour: sampled every simulated hour once the purge caught up, each table's row count after the first window
     * stays within 5 % of its first sample after the window: the store is flat.
     */
    @Test
    void under_a_steady_load_the_store_stays_flat_after_the_first_retention_window() throws Exception {
        int perMinute = 3;
        ManualClock clock = new ManualClock();
        String url = TestEngines.memoryUrl();
        Map<Integer, Map<String, Long>> hourly = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (Tasker tasker = engine(
                        url, clock, Retention.keep(Duration.ofHours(1)).every(Duration.ofMillis(5)))
                .build()) {
            for (int minute = 1; minute <= 24 * 60; minute++) {
                List<TaskRequest> requests = new ArrayList<>();
                for (int i = 0; i < perMinute; i++) {
                    requests.add(TaskRequest.of("shop", "chain", Map.of("minute", minute, "n", i)));
                }
                for (SubmitOutcome o : tasker.submitAll(requests)) {
                    TaskHandle h = o.orThrow();
                    assertEquals(
                            TaskState.COMPLETE,
                            Awaits.settled(tasker, h, TestEngines.AWAIT).state());
                }
                clock.advance(Duration.ofMinutes(1));
                if (minute % 60 == 0) {
                    await().atMost(TestEngines.AWAIT)
                            .until(() -> tasker.purge(Duration.ofHours(1), null, true)
                                            .tasks()
                                    == 0);
                    hourly.put(minute / 60, counts(url));
                }
            }
            System.out.printf(
                    "retention flatness: %d tasks in %d ms (real); purged %d; rows per table each simulated hour:%n",
                    24 * 60 * perMinute,
                    (System.nanoTime() - started) / 1_000_000,
                    tasker.stats().tasksPurged());
            hourly.forEach((hour, c) -> System.out.println("  hour " + hour + ": " + c));
            assertTrue(
                    tasker.stats().tasksPurged() >= 22L * 60 * perMinute,
                    "purged " + tasker.stats().tasksPurged());
        }
        Map<String, Long> reference = hourly.get(2);
        for (int hour = 2; hour <= 24; hour++) {
            for (String table : List.of(
                    "tasker_tasks",
                    "tasker_steps",
                    "tasker_step_edges",
                    "tasker_task_transitions",
                    "tasker_step_transitions")) {
                long n = hourly.get(hour).get(table);
                long ref = reference.get(table);
                assertTrue(ref > 0, table);
                assertTrue(
                        Math.abs(n - ref) <= ref / 20,
                        "hour " + hour + ", " + table + ": " + n + " rows, hour 2 had " + ref + " (" + hourly + ")");
            }
        }
        assertTrue(hourly.get(24).get("tasker_tasks") <= 62L * perMinute, () -> "at most an hour of tasks: " + hourly);
    }

    private static dev.tasker.engine.TaskerBuilder engine(String url, ManualClock clock, Retention retention) {
        return dev.tasker.engine.Tasker.builder()
                .jdbcUrl(url)
                .clock(clock)
                .backoffJitter(0)
                .poolSize(3)
                .templateYaml(CHAIN.formatted("shop"), "shop.yaml")
                .templateYaml(CHAIN.formatted("audit"), "audit.yaml")
                .retention(retention)
                .handler("step", ctx -> {
                    if (ctx.stepName().equals(ctx.inputData().path("fail").asText())) {
                        throw new PermanentError(ctx.stepName() + " fails");
                    }
                    return StepHandlerResult.success(Map.of("step", ctx.stepName()));
                });
    }

    private static dev.tasker.engine.TaskSnapshot run(Tasker tasker, String namespace, Map<String, Object> context) {
        TaskHandle h = tasker.submit(TaskRequest.of(namespace, "chain", context));
        return Awaits.settled(tasker, h, TestEngines.AWAIT);
    }

    static Map<String, Long> counts(String url) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static long rows(String url, String table, UUID taskId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                var s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE task_id = ?")) {
            s.setObject(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
