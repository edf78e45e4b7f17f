package dev.tasker.engine.internal.run;

import dev.tasker.engine.EngineStats;
import dev.tasker.engine.observe.EngineGauges;
import dev.tasker.engine.store.spi.NodeRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges instrumentations poll: the in-memory levels from the loop's last published stats, and counts
 * only the database knows (DLQ pending, outbox backlog, nodes alive), asked at most once per
 * {@link #REFRESH} on whichever thread polls (a metrics scrape), never on the engine loop. A failed count
 * keeps the last value and is logged at DEBUG (the engine's own loops report database outages).
 */
public final class EngineGaugeView implements EngineGauges {
    private static final Logger LOG = LoggerFactory.getLogger(EngineGaugeView.class);
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final Supplier<EngineStats> stats;
    private final WorkflowStore store;
    private final Observers observers;
    /** Monotonic nanoseconds, for the refresh interval only (not the engine's clock: scrapes are real time). */
    private final LongSupplier nanos;

    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile long refreshedAt;
    private volatile boolean refreshed;
    private volatile long dlqPending = -1;
    private volatile long outboxBacklog = -1;
    private volatile long nodesAlive = -1;

    public EngineGaugeView(Supplier<EngineStats> stats, WorkflowStore store, Observers observers, LongSupplier nanos) {
        this.stats = stats;
        this.store = store;
        this.observers = observers;
        this.nanos = nanos;
    }

    /** The view of this loop's engine. */
    public static EngineGaugeView of(EngineLoop loop, WorkflowStore store, Observers observers) {
        return new EngineGaugeView(loop::stats, store, observers, System::nanoTime);
    }

    @Override
    public int liveTasks() {
        return stats.get().liveTasks();
    }

    @Override
    public int runningSteps() {
        return stats.get().runningSteps();
    }

    @Override
    public int readyQueueDepth() {
        return stats.get().queuedSteps();
    }

    @Override
    public long dlqPending() {
        refreshIfDue();
        return dlqPending;
    }

    @Override
    public long outboxBacklog() {
        refreshIfDue();
        return outboxBacklog;
    }

    @Override
    public long nodesAlive() {
        refreshIfDue();
        return nodesAlive;
    }

    @Override
    public long instrumentationErrors() {
        return observers.errors();
    }

    /** One poller counts; the others read the last values meanwhile. */
    private void refreshIfDue() {
        long now = nanos.getAsLong();
        if (refreshed && now - refreshedAt < REFRESH.toNanos() || !refreshing.tryLock()) {
            return;
        }
        try {
            refreshedAt = now;
            refreshed = true;
            dlqPending = orKeep(store::countPendingDlq, dlqPending);
            outboxBacklog = orKeep(store::countOutboxBacklog, outboxBacklog);
            nodesAlive = orKeep(this::countNodes, nodesAlive);
        } finally {
            refreshing.unlock();
        }
    }

    private OptionalLong countNodes() {
        return store.nodes()
                .map(registry -> OptionalLong.of(registry.nodes().stream()
                        .filter(n -> NodeRow.ALIVE.equals(n.status()))
                        .count()))
                .orElse(OptionalLong.of(1));
    }

    private static long orKeep(Supplier<OptionalLong> count, long last) {
        try {
            return count.get().orElse(-1);
        } catch (RuntimeException e) {
            LOG.debug("cannot count a gauge: {}", e.toString());
            return last;
        }
    }
}
