package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A background loop whose round fails (here the outbox relay, its database read refused) is counted in
 * {@code EngineStats.loopErrors} and keeps running: the next durable event is delivered.
 */
class BackgroundLoopErrorsTest {

    @Test
    void a_failed_outbox_round_shows_in_the_stats_and_the_relay_goes_on_delivering() {
        List<DomainEvent> durable = new CopyOnWriteArrayList<>();
        try (FaultyDataSource db = new FaultyDataSource(TestEngines.memoryUrl(), 4);
                Tasker tasker = EventHandlers.register(
                                Tasker.builder()
                                        .dataSource(db)
                                        .clock(new ManualClock())
                                        .backoffJitter(0),
                                Map::copyOf)
                        .subscribeDurable("payment.*", durable::add)
                        .build()) {
            assertEquals(0L, tasker.stats().loopErrors().getOrDefault("tasker-outbox", 0L));
            db.failNext("tasker-outbox", sql -> sql.toLowerCase().contains("outbox"), 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> tasker.stats().loopErrors().getOrDefault("tasker-outbox", 0L) == 1);
            assertEquals(
                    0L, tasker.stats().loopErrors().get("tasker-engine-loop"), "the engine loop itself did not fail");

            assertEquals(
                    TaskState.COMPLETE,
                    tasker.submit(TaskRequest.of(
                                    EventHandlers.NS,
                                    EventHandlers.NAME,
                                    EventHandlers.context(UUID.randomUUID().toString())))
                            .await(TestEngines.AWAIT)
                            .state());
            await().atMost(Duration.ofSeconds(20)).until(() -> !durable.isEmpty());
            assertEquals("payment.processed", durable.get(0).name());
            assertEquals(1L, tasker.stats().loopErrors().get("tasker-outbox"), "one failed round, then deliveries");
            assertTrue(tasker.stats().loopErrors().containsKey("tasker-store-maintenance"));
        }
    }
}
