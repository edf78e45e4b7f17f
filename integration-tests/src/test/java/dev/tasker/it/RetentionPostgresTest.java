package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.Retention;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two engines sharing a PostgreSQL database purge at once: every old task goes, and each is counted once. */
class RetentionPostgresTest {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    private final ManualClock clock = new ManualClock();

    private Tasker node(String id) {
        return Tasker.builder()
                .jdbcUrl(database.url())
                .nodeId(id)
                .clock(clock)
                .poolSize(3)
                .templateYaml(RetentionTest.CHAIN.formatted("shop"), "shop.yaml")
                .retention(Retention.keep(Duration.ofHours(1))
                        .every(Duration.ofMillis(5))
                        .batchSize(7))
                .handler("step", ctx -> StepHandlerResult.success(Map.of("step", ctx.stepName())))
                .build();
    }

    @Test
    void two_nodes_purging_together_delete_every_old_task_once() throws Exception {
        int n = 120;
        try (Tasker a = node("node-a");
                Tasker b = node("node-b")) {
            List<TaskRequest> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requests.add(TaskRequest.of("shop", "chain", Map.of("n", i)));
            }
            for (SubmitOutcome o : a.submitAll(requests)) {
                assertEquals(
                        TaskState.COMPLETE,
                        Awaits.settled(a, o.orThrow(), TestEngines.AWAIT).state());
            }
            clock.advance(Duration.ofHours(2));
            await().atMost(TestEngines.AWAIT)
                    .until(() -> a.stats().tasksPurged() + b.stats().tasksPurged() >= n && rows("tasker_tasks") == 0);
            assertEquals(n, a.stats().tasksPurged() + b.stats().tasksPurged(), "each task counted once");
            assertEquals(0, rows("tasker_steps"));
            assertEquals(0, rows("tasker_step_transitions"));
            assertEquals(0L, a.stats().loopErrors().getOrDefault("tasker-retention", 0L));
            assertEquals(0L, b.stats().loopErrors().getOrDefault("tasker-retention", 0L));
        }
    }

    private long rows(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
