package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerHealth;
import dev.tasker.engine.TaskerHealth.Part;
import dev.tasker.engine.TaskerHealth.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Tasker.health()}: UP when all is well, DEGRADED while a handler ignores its interruption, DOWN while
 * the database refuses writes or the node's lease has run out; each part names what it found.
 */
class HealthTest {
    private final ManualClock clock = new ManualClock();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    /** Waits for release, ignoring interruption (a careless handler) on its first attempt. */
    private final StepHandler stubborn = ctx -> {
        if (ctx.attempt() == 1) {
            entered.countDown();
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException ignored) {
                    // carries on regardless
                }
            }
        }
        return StepHandlerResult.success(Map.of("attempt", ctx.attempt()));
    };

    private static Part part(TaskerHealth h, String name) {
        return h.part(name).orElseThrow();
    }

    @Test
    void a_fresh_engine_is_up_with_every_part_up() {
        try (Tasker tasker = TestEngines.builder(clock)
                .templateYaml(RetryTest.template("{max_attempts: 1, backoff: none}", 5), "flaky.yaml")
                .handler("flaky", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskerHealth h = tasker.health();

            assertEquals(Status.UP, h.status(), h.toString());
            assertEquals(6, h.parts().size());
            h.parts().forEach(p -> assertEquals(Status.UP, p.status(), p.toString()));
            assertEquals(clock.instant(), h.checkedAt());
            assertEquals(
                    "one engine alone: no lease", part(h, TaskerHealth.LEASE).detail());
            assertEquals("no handler stuck", part(h, TaskerHealth.HANDLERS).detail());
        }
    }

    @Test
    void a_handler_that_ignores_its_interruption_makes_the_engine_degraded_and_is_named() throws Exception {
        try (Tasker tasker = TestEngines.builder(clock)
                .templateYaml(RetryTest.template("{max_attempts: 2, backoff: none}", 5), "flaky.yaml")
                .handler("flaky", stubborn)
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            entered.await();

            clock.advance(Duration.ofSeconds(6));
            await().atMost(TestEngines.AWAIT).until(() -> tasker.health().status() == Status.DEGRADED);

            TaskerHealth health = tasker.health();
            Part handlers = part(health, TaskerHealth.HANDLERS);
            assertEquals(Status.DEGRADED, handlers.status());
            assertTrue(
                    handlers.detail().contains("step 'work' of task " + h.taskId() + " (attempt 1)"),
                    handlers.detail());
            assertEquals(Status.UP, part(health, TaskerHealth.STORE).status());

            release.countDown();
            assertEquals(
                    TaskState.COMPLETE,
                    Awaits.settled(tasker, h, TestEngines.AWAIT).state());
            await().atMost(TestEngines.AWAIT).until(() -> tasker.health().status() == Status.UP);
        }
    }

    @Test
    void a_database_that_refuses_writes_makes_the_engine_down_until_it_takes_them_again() throws Exception {
        try (FaultyDataSource db = new FaultyDataSource(TestEngines.memoryUrl(), 4);
                Tasker tasker = Tasker.builder()
                        .dataSource(db)
                        .clock(clock)
                        .backoffJitter(0)
                        .templateYaml(RetryTest.template("{max_attempts: 1, backoff: none}", 60), "flaky.yaml")
                        .handler("flaky", stubborn)
                        .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            entered.await();
            assertEquals(Status.UP, part(tasker.health(), TaskerHealth.STORE).status());
            assertTrue(part(tasker.health(), TaskerHealth.COMMIT).detail().startsWith("last commit "));

            db.down(true);
            release.countDown(); // its outcome's commit is refused: the loop retries
            await().atMost(TestEngines.AWAIT).until(() -> tasker.health().status() == Status.DOWN);

            TaskerHealth down = tasker.health();
            Part store = part(down, TaskerHealth.STORE);
            assertEquals(Status.DOWN, store.status());
            assertTrue(store.detail().startsWith("the database refuses writes"), store.detail());
            assertEquals(Status.UP, part(down, TaskerHealth.LOOP).status(), "the loop is alive, retrying");

            db.down(false);
            assertEquals(
                    TaskState.COMPLETE,
                    Awaits.settled(tasker, h, TestEngines.AWAIT).state());
            await().atMost(TestEngines.AWAIT)
                    .until(() -> part(tasker.health(), TaskerHealth.STORE).status() == Status.UP);
        }
    }

    @Test
    void a_node_whose_lease_ran_out_reports_it() {
        try (FaultyDataSource db = new FaultyDataSource(database.url(), 4);
                Tasker tasker = Tasker.builder()
                        .dataSource(db)
                        .nodeId("node-health")
                        .leaseDuration(Duration.ofSeconds(30))
                        .clock(clock)
                        .backoffJitter(0)
                        .templateYaml(RetryTest.template("{max_attempts: 1, backoff: none}", 5), "flaky.yaml")
                        .handler("flaky", stubborn)
                        .build()) {
            Part lease = part(tasker.health(), TaskerHealth.LEASE);
            assertEquals(Status.UP, lease.status(), lease.detail());
            assertTrue(lease.detail().startsWith("lease valid for "), lease.detail());

            db.down(true); // no renewal from now on
            clock.advance(Duration.ofSeconds(31));

            TaskerHealth h = tasker.health();
            lease = part(h, TaskerHealth.LEASE);
            assertEquals(Status.DOWN, lease.status(), lease.detail());
            assertTrue(lease.detail().startsWith("the lease ran out "), lease.detail());
            assertEquals(Status.DOWN, h.status());
            db.down(false);
        }
    }
}
