package dev.tasker.engine.internal.background;

import dev.tasker.engine.PurgeReport;
import dev.tasker.engine.Retention;
import dev.tasker.engine.store.spi.PurgeRequest;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished tasks older than the {@link Retention} policy allows, in batches of one transaction each, on a
 * background loop ({@code tasker-retention}) and for operators ({@link #purge}). The cut-off of each round is
 * taken from the engine's clock, so simulated time (the test kit's manual clock) ages tasks as real time would.
 * Counts what it deleted since the engine started ({@link #tasksPurged()}, shown in {@code EngineStats}).
 */
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final WorkflowStore store;
    private final InstantSource clock;
    private final Retention policy;
    private final AtomicLong tasksPurged;
    private final AtomicLong rowsPurged = new AtomicLong();

    private final Runnable afterPurge;

    /**
     * @param tasksPurged counts the tasks deleted (the engine loop shows it in its stats)
     * @param afterPurge run after each batch that deleted tasks (the engine forgets their identities)
     */
    public RetentionJob(
            WorkflowStore store, InstantSource clock, Retention policy, AtomicLong tasksPurged, Runnable afterPurge) {
        this.tasksPurged = tasksPurged;
        this.afterPurge = afterPurge;
        this.store = store;
        this.clock = clock;
        this.policy = policy;
    }

    /** Tasks this engine deleted since it started (background and operator purges). */
    public long tasksPurged() {
        return tasksPurged.get();
    }

    /** Rows of every table this engine deleted since it started. */
    public long rowsPurged() {
        return rowsPurged.get();
    }

    /** The background loop, not started; none when the policy keeps everything. */
    public Optional<BackgroundLoop> loop(BackgroundLoops loops) {
        if (!policy.purges()) {
            return Optional.empty();
        }
        BackgroundLoop[] self = new BackgroundLoop[1];
        self[0] = loops.virtual(
                "tasker-retention",
                policy.interval(),
                woken -> round(() -> self[0].stopping()),
                LOG,
                org.slf4j.event.Level.WARN,
                "purge finished tasks",
                "trying again every " + policy.interval());
        return Optional.of(self[0]);
    }

    /** One round: every namespace with an age, then the others with the default age. */
    void round(BooleanSupplier stopping) {
        Instant now = clock.instant();
        long before = tasksPurged.get();
        for (Map.Entry<String, Optional<Duration>> ns : policy.namespaces().entrySet()) {
            if (ns.getValue().isPresent()) {
                drain(
                        new PurgeRequest(now.minus(ns.getValue().get()), ns.getKey(), Set.of(), policy.batchSize()),
                        stopping);
            }
        }
        if (policy.defaultAge().isPresent()) {
            drain(
                    new PurgeRequest(
                            now.minus(policy.defaultAge().get()),
                            null,
                            policy.namespaces().keySet(),
                            policy.batchSize()),
                    stopping);
        }
        long purged = tasksPurged.get() - before;
        if (purged > 0) {
            LOG.debug("retention: purged {} finished task(s)", purged);
        }
    }

    /** Batches until one comes back short (nothing more is due) or the loop stops; the rows deleted per table. */
    private Map<String, Long> drain(PurgeRequest request, BooleanSupplier stopping) {
        Map<String, Long> total = new LinkedHashMap<>();
        while (true) {
            Map<String, Long> batch = store.purgeFinished(request);
            batch.forEach((table, n) -> total.merge(table, n, Long::sum));
            long tasks = batch.getOrDefault("tasker_tasks", 0L);
            if (tasks > 0) {
                tasksPurged.addAndGet(tasks);
                rowsPurged.addAndGet(
                        batch.values().stream().mapToLong(Long::longValue).sum());
                afterPurge.run();
            }
            // A short batch means nothing more is due (a task another purger took counts zero here, which may
            // end this round early: the next round takes what is left).
            if (tasks < request.maxTasks() || stopping.getAsBoolean()) {
                return total;
            }
        }
    }

    /**
     * An operator's purge: finished tasks that ended more than {@code olderThan} ago (on the engine's clock), of
     * {@code namespace} or all, whatever the policy; with {@code dryRun}, only counted.
     */
    public PurgeReport purge(Duration olderThan, String namespace, boolean dryRun) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        PurgeRequest request =
                new PurgeRequest(clock.instant().minus(olderThan), namespace, Set.of(), policy.batchSize());
        Map<String, Long> rows = dryRun ? store.countPurgeable(request) : drain(request, () -> false);
        Map<String, Long> ordered = new LinkedHashMap<>();
        PurgeRequest.TABLES.forEach(t -> ordered.put(t, rows.getOrDefault(t, 0L)));
        long tasks = ordered.get("tasker_tasks");
        if (!dryRun) {
            LOG.info(
                    "purge of tasks finished more than {} ago{}: {} task(s), {}",
                    olderThan,
                    namespace == null ? "" : " in namespace " + namespace,
                    tasks,
                    ordered);
        }
        return new PurgeReport(tasks, ordered, dryRun);
    }
}
