package dev.tasker.engine.internal.events;

import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.internal.background.BackgroundLoop;
import dev.tasker.engine.internal.background.BackgroundLoops;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.OutboxRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers durable domain events from the outbox to the durable subscribers, at least once: a row is
 * marked delivered only after every matching subscriber returned normally; a failure is retried with
 * exponential backoff (engine clock, capped at 5 minutes), and rows left by a crash are delivered after
 * the restart. Woken right after a commit that wrote outbox rows, and otherwise every second.
 * A {@link BackgroundLoop}: it never dies (STYLE §9).
 */
public final class OutboxRelay implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int BATCH = 200;

    private final WorkflowStore store;
    private final InstantSource clock;
    private final List<Subscription> durable;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final BackgroundLoop loop;

    public OutboxRelay(WorkflowStore store, InstantSource clock, List<Subscription> durable, BackgroundLoops loops) {
        this.store = store;
        this.clock = clock;
        this.durable = List.copyOf(durable);
        this.loop = loops.virtual(
                "tasker-outbox",
                POLL,
                woken -> deliverAll(),
                LOG,
                org.slf4j.event.Level.ERROR,
                "deliver durable events",
                "trying again every " + POLL.toSeconds() + " s");
        loop.wake();
    }

    /** The loop, not started; its first round runs at once (rows a crash left are delivered at the start). */
    public BackgroundLoop loop() {
        return loop;
    }

    @Override
    public void wake() {
        loop.wake();
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    /** Delivers batches until one is not full. */
    private void deliverAll() {
        while (deliverDue() == BATCH && !loop.stopping()) {
            // a full batch: more may be due at once
        }
    }

    private int deliverDue() {
        List<OutboxRow> due = store.dueOutbox(clock.instant(), BATCH);
        for (OutboxRow row : due) {
            if (loop.stopping()) {
                break;
            }
            deliver(row);
        }
        return due.size();
    }

    private void deliver(OutboxRow row) {
        DomainEvent event = eventOf(row);
        try {
            for (Subscription sub : durable) {
                if (sub.matches(row.eventName())) {
                    sub.subscriber().onEvent(event);
                }
            }
            store.markOutboxDelivered(row.id(), clock.instant());
            delivered.incrementAndGet();
        } catch (Exception | Error e) {
            failed.incrementAndGet();
            int attempts = row.attempts() + 1;
            Duration delay = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
            delay = delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
            store.markOutboxFailed(row.id(), attempts, clock.instant().plus(delay), e.toString());
            LOG.warn(
                    "durable event {} ({}) not delivered (attempt {}), retrying in {}: {}",
                    row.eventName(),
                    row.eventId(),
                    attempts,
                    delay,
                    e.toString());
        }
    }

    private static DomainEvent eventOf(OutboxRow row) {
        var meta = Json.read(row.metadataJson());
        return new DomainEvent(
                row.eventId(),
                row.eventName(),
                Json.read(row.payloadJson()),
                row.taskId(),
                row.stepId(),
                meta.path("step_name").asText(),
                meta.path("namespace").asText(),
                meta.path("task_name").asText(),
                meta.path("correlation_id").asText(null),
                java.time.Instant.parse(meta.path("fired_at").asText()),
                meta.path("delivery_mode").asText());
    }
}
