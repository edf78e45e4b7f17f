package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.store.spi.LimitStore;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-key limits across nodes (issue #19, part 3): two engines on one PostgreSQL schema together never run
 * more than the limit per key, and the slots of a node that is gone come back.
 */
class KeyLimitsPostgresTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private Tasker node(String id, KeyLimitsTest.Sampler sampler, Semaphore permits) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .poolSize(3)
                .maxConcurrentSteps(40)
                .queuePollInterval(Duration.ofMillis(200))
                .shutdownGrace(Duration.ofMillis(200))
                .templateYaml(KeyLimitsTest.TEMPLATE, "charge.yaml")
                .handler("payments.Charge", ctx -> {
                    String key = ctx.getInput("customer_id").asText();
                    sampler.started(key);
                    try {
                        permits.acquire();
                    } finally {
                        sampler.ended(key);
                    }
                    return StepHandlerResult.success(Map.of("charged", true));
                })
                .handler("payments.Notify", ctx -> StepHandlerResult.success(Map.of()))
                .build();
    }

    @Test
    void two_nodes_together_run_at_most_two_steps_per_key() {
        KeyLimitsTest.Sampler sampler = new KeyLimitsTest.Sampler();
        Semaphore permits = new Semaphore(0);
        try (Tasker a = node("node-a", sampler, permits);
                Tasker b = node("node-b", sampler, permits)) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Tasker via = i % 2 == 0 ? a : b;
                handles.add(
                        via.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "c" + i % 3, "n", i))));
            }
            for (int round = 1; round <= 5; round++) {
                // Both nodes hold tasks of every key, yet each key runs its 2 and no more.
                await().atMost(TestEngines.AWAIT).until(() -> sampler.total() == 6);
                for (int k = 0; k < 3; k++) {
                    assertEquals(2, sampler.running.get("c" + k).get(), "key c" + k + " in round " + round);
                }
                if (round == 1) {
                    assertTrue(
                            handles.stream()
                                    .map(h -> h.snapshot().step("charge").waitingReason())
                                    .anyMatch(r -> r != null && r.startsWith("waiting_for_limit: customer_id=c")),
                            "a waiting step says why");
                }
                int expected = sampler.starts.get() + (round < 5 ? 6 : 0);
                permits.release(6);
                await().atMost(TestEngines.AWAIT).until(() -> sampler.starts.get() == expected);
            }
            for (TaskHandle h : handles) {
                assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            }
            assertEquals(30, sampler.starts.get());
            sampler.peak.forEach((key, peak) -> assertEquals(2, peak, "the most running at once for key " + key));
        }
    }

    @Test
    void the_slots_of_a_node_that_is_gone_come_back_to_the_others() {
        KeyLimitsTest.Sampler onA = new KeyLimitsTest.Sampler();
        KeyLimitsTest.Sampler onB = new KeyLimitsTest.Sampler();
        Semaphore never = new Semaphore(0);
        Semaphore open = new Semaphore(1_000);
        try (Tasker b = node("node-b", onB, open)) {
            TaskHandle waiting;
            Tasker a = node("node-a", onA, never);
            try {
                a.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "k", "n", 1)));
                a.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "k", "n", 2)));
                await().atMost(TestEngines.AWAIT).until(() -> onA.total() == 2);
                waiting = b.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "k", "n", 3)));
                await().atMost(TestEngines.AWAIT).until(() -> {
                    StepSnapshot s = waiting.snapshot().step("charge");
                    return s.waitingReason() != null && s.waitingReason().contains("across nodes");
                });
                assertEquals(0, onB.starts.get(), "node-b's step waits: node-a holds both slots of key k");
            } finally {
                a.close(); // node-a leaves with its handlers interrupted: its holds are no longer counted
            }
            assertEquals(TaskState.COMPLETE, waiting.await(TestEngines.AWAIT).state());
            assertTrue(onB.starts.get() >= 1);
        }
    }

    @Test
    void the_shared_table_counts_holds_per_key_takes_back_a_dead_nodes_and_spaces_rate_starts() throws Exception {
        try (WorkflowStore store =
                new JdbcWorkflowStoreProvider().open(new StoreConfig(null, database.url(), null, null, 2, null))) {
            LimitStore limits = store.limits().orElseThrow();
            sql("INSERT INTO tasker_nodes (node_id, epoch, status, started_at, heartbeat_at, lease_expires_at)"
                    + " VALUES ('node-x', 1, 'alive', now(), now(), now() + interval '1 hour')");
            UUID first = UUID.randomUUID();
            assertTrue(limits.tryHold("c|x", "42", first, "node-x", 2));
            assertTrue(limits.tryHold("c|x", "42", first, "node-x", 2), "a holder holding already holds");
            assertTrue(limits.tryHold("c|x", "42", UUID.randomUUID(), "node-x", 2));
            assertTrue(!limits.tryHold("c|x", "42", UUID.randomUUID(), "node-y", 2), "the key is at 2/2");
            assertTrue(limits.tryHold("c|x", "43", UUID.randomUUID(), "node-x", 2), "another key has its own slots");
            limits.release("c|x", "42", first);
            UUID third = UUID.randomUUID();
            assertTrue(limits.tryHold("c|x", "42", third, "node-x", 2), "a released slot is taken again");
            assertEquals(2, limits.holds("c|x", "42"));
            // node-x is declared dead (its lease ran out, as NodeRegistry.expireLapsed records it): its holds
            // are not counted, and the next hold of the key takes them back.
            sql("UPDATE tasker_nodes SET status = 'dead' WHERE node_id = 'node-x'");
            assertTrue(limits.tryHold("c|x", "42", UUID.randomUUID(), "node-y", 2));
            assertEquals(1, limits.holds("c|x", "42"));

            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            Duration interval = Duration.ofMillis(200);
            assertEquals(null, limits.tryStart("r|x", t0, interval));
            assertEquals(t0.plus(interval), limits.tryStart("r|x", t0, interval), "the next start is 200 ms on");
            assertEquals(t0.plus(interval), limits.tryStart("r|x", t0.plusMillis(199), interval));
            assertEquals(null, limits.tryStart("r|x", t0.plus(interval), interval));
            int started = 0;
            for (int ms = 0; ms <= 10_000; ms += 50) { // two nodes asking every 50 ms for 10 s at 5/s
                Instant now = t0.plusSeconds(60).plusMillis(ms);
                started += limits.tryStart("r|y", now, interval) == null ? 1 : 0;
                started += limits.tryStart("r|y", now, interval) == null ? 1 : 0;
            }
            assertEquals(51, started, "10 s at 5/s: 50 starts, and the one at the window's start");
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
