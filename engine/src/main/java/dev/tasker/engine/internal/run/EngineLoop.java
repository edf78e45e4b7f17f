package dev.tasker.engine.internal.run;

import dev.tasker.engine.EngineStats;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.internal.background.OutageLog;
import dev.tasker.engine.store.FencedException;
import dev.tasker.engine.store.StaleWriteException;
import dev.tasker.engine.store.StoreDataException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's single coordinating thread: it owns every live task in memory, and turns the commands
 * other threads post (submits, handler outcomes, cancels, clock ticks) into ONE transaction per cycle
 * (group commit), then acts on what was committed: starts the steps it claimed, answers submitters
 * and awaiters. Owning all state on one thread means no locks and no lock held across JDBC or handler
 * calls; handler threads only post outcomes.
 *
 * <p>One cycle: take the commands waiting (blocking for the first), apply each to the tasks in memory
 * (the {@link Scheduler} writes the rows into the cycle's batch), fire due timers, claim ready steps up
 * to the concurrency caps, evaluate the tasks touched, commit, then run the after-commit actions.
 * A step's children are claimed in the same transaction that records its completion and start only
 * after that commit (DESIGN-NOTES invariant 2).
 *
 * <p>Over 400 lines as one piece: the cycle, its commit with the outage handling and what it publishes for
 * stats and health all read and write the loop's own state on its one thread.
 */
public final class EngineLoop implements Runnable, LiveTasks {
    private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private static final Duration FIRST_DB_RETRY_WAIT = Duration.ofMillis(50);
    private static final Duration MAX_DB_RETRY_WAIT = Duration.ofSeconds(5);
    private static final String OUTAGE_CONSEQUENCE = "submits fail until it takes writes again (those of the"
            + " refused commit are tried once more alone); the engine keeps the other changes in memory and"
            + " retries every " + MAX_DB_RETRY_WAIT.toSeconds() + " s at most";

    private final BlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final Map<UUID, TaskRun> live = new ConcurrentHashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final WorkflowStore store;
    private final InstantSource clock;
    private final boolean manualClock;
    private final EngineSettings settings;
    private final Scheduler scheduler;
    private final CommitFailures failures;
    private final PoisonWrites poison;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile EngineStats stats = new EngineStats(0, 0, 0, 0, 0, null, true);
    private final AtomicLong loopErrors = new AtomicLong();
    private volatile boolean stopped;
    /** For health: when the loop last began a cycle, last committed, and since when writes fail (or null). */
    private volatile Instant lastCycle;

    private volatile @Nullable Instant lastCommit;
    private volatile @Nullable Instant writesFailingSince;
    private volatile List<String> stuckHandlers = List.of();
    /** A Stop command was taken (perhaps while waiting to retry a commit): end after this cycle. */
    private boolean stopRequested;

    /**
     * Pipelined commits (one engine alone on its database): a large batch is committed by the writer thread
     * while this thread builds the next cycle, so the two cores share the work that used to run in turn here
     * (about 90% of the loop's time on H2 is the write and the commit). At most one batch is in flight; its
     * after-commit actions (handlers started, submitters answered) run on this thread once it is durable, and
     * before the next batch is handed over, so invariant 2 holds as before. Only commands that cannot concern
     * the rows in flight overlap them ({@link #overlaps}); any other command, a small batch (a lone task: no
     * hand-off added to its latency) or a failed commit waits for the batch in flight first.
     *
     * <p>Off unless the system property {@code tasker.engine.pipelinedCommits=true} is set when the engine is
     * built: on the 2-core reference machine it lost 10-15% of diamond throughput on H2 (the writer waits while
     * the loop runs the previous batch's after-commit actions, batches get smaller, and the handlers' threads
     * share the same two cores) and gained 8-10% for one thread's {@code submitAll}; see BENCHMARKS.md.
     */
    private final boolean pipelined = "true".equals(System.getProperty("tasker.engine.pipelinedCommits"));

    /** Batches smaller than this are committed on the loop's thread (see {@link #pipelined}). */
    private static final int MIN_PIPELINED_ROWS = Integer.getInteger("tasker.engine.pipelinedCommits.minRows", 200);

    private java.util.concurrent.ExecutorService writer;
    /** The batch the writer thread commits now, or null. */
    private @Nullable InFlight inFlight;

    /** A cycle handed to the writer thread: its batch, and how its commit ended (null: it succeeded). */
    private record InFlight(Cycle cycle, WriteBatch batch, java.util.concurrent.CompletableFuture<Written> done) {}

    /** How a commit on the writer thread ended: {@code failure} null when it committed, and how long it took. */
    private record Written(@Nullable Throwable failure, Duration took) {}

    private final OutageLog outage =
            new OutageLog(LOG, org.slf4j.event.Level.ERROR, "write to the database", System::nanoTime);
    private Thread thread;
    private final EventSink events;
    private final Membership membership;
    private final java.util.function.Supplier<Map<String, Long>> backgroundErrors;
    private final java.util.function.LongSupplier tasksPurged;
    private final Observers observers;
    private final dev.tasker.engine.internal.background.ScheduleProgress schedules;

    /**
     * @param membershipOf makes this engine's membership, which needs the loop to post to (it only keeps it)
     * @param backgroundErrors failed rounds of the background loops, by name, for the stats
     * @param tasksPurged finished tasks deleted by retention since the start, for the stats
     */
    public EngineLoop(
            WorkflowStore store,
            InstantSource clock,
            EngineSettings settings,
            StepLauncher launcher,
            Recovery recovery,
            EventSink events,
            java.util.function.Function<LiveTasks, Membership> membershipOf,
            java.util.function.Supplier<Map<String, Long>> backgroundErrors,
            java.util.function.LongSupplier tasksPurged,
            Observers observers,
            dev.tasker.engine.internal.background.ScheduleProgress schedules,
            KeyLimits limits,
            ChildTasks childTasks) {
        this.tasksPurged = tasksPurged;
        this.schedules = schedules;
        this.observers = observers;
        this.backgroundErrors = backgroundErrors;
        this.store = store;
        this.clock = clock;
        this.manualClock = clock instanceof ManualClock;
        this.lastCycle = clock.instant();
        this.settings = settings;
        this.events = events;
        this.membership = membershipOf.apply(this);
        this.scheduler = new Scheduler(
                clock,
                settings,
                launcher,
                live,
                timers,
                this::post,
                recovery,
                events,
                membership,
                observers,
                limits,
                childTasks,
                id -> store.loadTasks(List.of(id)).stream().findFirst());
        this.failures = new CommitFailures(scheduler, live, this::post, this::epoch);
        this.poison = new PoisonWrites(scheduler, live, failures, settings.nodeId());
    }

    void start() {
        if (pipelined && !membership.shared()) {
            writer = java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofPlatform()
                    .name("tasker-engine-writer")
                    .daemon(true)
                    .factory());
        }
        thread = Thread.ofPlatform().name("tasker-engine-loop").daemon(true).start(this);
        if (clock instanceof ManualClock mc) {
            mc.onChange(this::tick);
        }
    }

    private void tick() {
        post(new Command.Tick());
    }

    /** Finished tasks were deleted from the database (retention): see {@link Command.Purged}. */
    public void purged() {
        post(new Command.Purged());
    }

    /** Hands a command to the loop; ignored once the loop has stopped. */
    @Override
    public void post(Command command) {
        if (!stopped) {
            inbox.add(command);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    /** Why the step waits for a per-key limit, or null; any thread. */
    String waitingReason(UUID stepId) {
        return scheduler.waitingReason(stepId);
    }

    TaskRun liveTask(UUID id) {
        return live.get(id);
    }

    int liveTaskCount() {
        return live.size();
    }

    @Override
    public boolean holds(UUID taskId) {
        return live.containsKey(taskId);
    }

    @Override
    public int count() {
        return live.size();
    }

    Membership membership() {
        return membership;
    }

    /** Asks the loop to stop after its current cycle and waits for it. */
    void stopAndJoin(Duration timeout) throws InterruptedException {
        if (clock instanceof ManualClock mc) {
            mc.removeListener(this::tick);
        }
        inbox.add(new Command.Stop());
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
        stopped = true;
    }

    int runningSteps() {
        return scheduler.runningSteps();
    }

    /** True while the loop's last commit failed and it waits to retry (the database refuses writes). */
    boolean databaseDown() {
        return outage.active();
    }

    /** True while the loop's thread runs (started, not ended). */
    boolean running() {
        Thread t = thread;
        return t != null && t.isAlive() && !stopped;
    }

    /** When the loop last began a cycle (the engine's clock); its start before the first. */
    Instant lastCycle() {
        return lastCycle;
    }

    /** When the loop's last commit succeeded, or null before the first. */
    @Nullable
    Instant lastCommit() {
        return lastCommit;
    }

    /** Since when the loop's commits fail for the database as a whole, or null while they succeed. */
    @Nullable
    Instant writesFailingSince() {
        return writesFailingSince;
    }

    /** The handlers that ignored their interruption and have not returned, as of the last cycle. */
    List<String> stuckHandlers() {
        return stuckHandlers;
    }

    /** The node's epoch, or {@link Command.Recover#ANY_EPOCH} for one engine alone. */
    long epoch() {
        return membership.epoch();
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                if (!cycle()) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                loopErrors.incrementAndGet();
                LOG.error("engine loop cycle failed; carrying on", t);
            }
        }
        try {
            endInFlight();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the last pipelined commit failed while the loop stopped", e);
        } finally {
            if (writer != null) {
                writer.shutdown();
            }
        }
        stopped = true;
        scheduler.interruptAll();
    }

    /** At the loop's end: the batch in flight is waited for, and if it failed, committed again alone. */
    private void endInFlight() throws InterruptedException {
        Cycle failed = awaitInFlight();
        if (failed != null && commit(failed)) {
            failed.runAfterCommit();
        }
    }

    /**
     * True when handling the command cannot depend on the batch in flight (its rows or its after-commit
     * actions): an outcome of a handler (started after an earlier commit), a submit (a twin in flight is
     * answered in the next cycle, {@link Cycle#isNew}) or a wake-up. Cancels, operator actions, signals and
     * loads may read the store or act on steps whose handlers are not started yet: they wait for it.
     */
    private static boolean overlaps(Command c) {
        return c instanceof Command.Finished
                || c instanceof Command.Submit
                || c instanceof Command.SubmitBatch
                || c instanceof Command.Tick;
    }

    /**
     * Waits for the batch in flight, if any. When it committed, its bookkeeping and after-commit actions run
     * here and null is returned; when it failed, nothing of it is written and its cycle is returned, for the
     * caller to commit again (with the usual failure handling) before or together with the next.
     */
    private @Nullable Cycle awaitInFlight() throws InterruptedException {
        InFlight f = inFlight;
        if (f == null) {
            return null;
        }
        Written written;
        try {
            written = f.done().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the writer thread failed", e.getCause()); // done is never failed
        }
        inFlight = null;
        if (written.failure() != null) {
            LOG.debug("a pipelined commit failed; committing it again with the next cycle", written.failure());
            return f.cycle();
        }
        committed(f.batch(), written.took());
        f.cycle().runAfterCommit();
        return null;
    }

    /** Hands the cycle's batch to the writer thread; it posts a wake-up when the commit ends. */
    private void commitInBackground(Cycle cycle, WriteBatch batch) {
        java.util.concurrent.CompletableFuture<Written> done = new java.util.concurrent.CompletableFuture<>();
        inFlight = new InFlight(cycle, batch, done);
        writer.execute(() -> {
            Instant started = clock.instant();
            Throwable failure = null;
            try {
                store.apply(batch);
            } catch (Throwable t) {
                failure = t;
            }
            done.complete(new Written(failure, Duration.between(started, clock.instant())));
            post(new Command.Tick());
        });
    }

    /** One group commit. Returns false when told to stop. */
    private boolean cycle() throws InterruptedException {
        List<Command> commands = new ArrayList<>();
        Command first = inbox.poll();
        if (first == null) {
            spinForOutcome();
            first = inbox.poll(waitNanos(), TimeUnit.NANOSECONDS);
        }
        if (first != null) {
            commands.add(first);
            inbox.drainTo(commands, settings.maxCommandsPerCommit() - 1);
        }
        boolean keepGoing = true;
        Cycle cycle = new Cycle(clock.instant());
        lastCycle = cycle.now;
        if (inFlight != null) {
            cycle.earlierNewTasks = inFlight.cycle().newTasks;
        }
        for (Command c : commands) {
            if (inFlight != null && !overlaps(c)) {
                joinInFlight(cycle);
            }
            if (c instanceof Command.Stop) {
                keepGoing = false;
                stopRequested = true;
                scheduler.stopDispatching();
            } else if (c instanceof Command.Fenced f) {
                if (membership.shared() && f.epoch() == membership.epoch()) {
                    fenced(cycle);
                }
            } else if (c instanceof Command.Recover r && stale(r)) {
                // Claimed or loaded before this node was fenced out and joined again: the tasks went back to
                // the queue at the rejoin, and other nodes may run them now.
                LOG.info(
                        "ignoring the resumption of {} task(s) loaded at epoch {}: node {} joined again since"
                                + " (epoch {})",
                        r.tasks().size(),
                        r.epoch(),
                        settings.nodeId(),
                        membership.epoch());
                if (r.ack() != null) {
                    r.ack()
                            .completeExceptionally(new FencedException("tasks claimed at epoch " + r.epoch()
                                    + " were not resumed: node " + settings.nodeId() + " joined again since (epoch "
                                    + membership.epoch() + ")"));
                }
            } else {
                scheduler.handle(c, cycle);
            }
        }
        scheduler.fireTimers(cycle);
        scheduler.rearmLostRetries(cycle);
        scheduler.sweepStaleTasks(cycle);
        scheduler.dispatch(cycle);
        scheduler.evaluateDirty(cycle);
        boolean failedBefore = joinInFlight(cycle);
        WriteBatch batch = cycle.merged();
        if (writer != null && !failedBefore && !stopRequested && batch.size() >= MIN_PIPELINED_ROWS) {
            membership.announce(batch, cycle.signalWork, cycle.settledSignals, cycle.nudges);
            membership.fence(batch);
            commitInBackground(cycle, batch);
        } else if (commit(cycle)) {
            cycle.runAfterCommit();
        }
        publishStats();
        return keepGoing && !stopRequested;
    }

    /**
     * Waits for the batch in flight (see {@link #pipelined}); when its commit failed, its rows and actions are
     * put in front of the cycle being built, which is then committed on this thread with the usual failure
     * handling (returns true). Nothing of a failed batch was written, so the union is what memory expects.
     */
    private boolean joinInFlight(Cycle cycle) throws InterruptedException {
        cycle.earlierNewTasks = java.util.Set.of();
        Cycle failed = awaitInFlight();
        if (failed == null) {
            return cycle.hasEarlier;
        }
        cycle.prepend(failed);
        cycle.hasEarlier = true;
        return true;
    }

    private boolean stale(Command.Recover r) {
        return r.epoch() != Command.Recover.ANY_EPOCH && r.epoch() != membership.epoch();
    }

    /**
     * What other threads may read about the loop: refreshed at the end of every cycle (a new object each
     * cycle, which the test kit relies on to see that a cycle ran), with the failed rounds of this loop and of
     * the background loops.
     */
    EngineStats stats() {
        return stats;
    }

    private void publishStats() {
        Timer next = timers.peek();
        Instant wake = next == null ? null : next.due();
        Instant fire = schedules.nextFire();
        if (fire != null && (wake == null || fire.isBefore(wake))) {
            wake = fire;
        }
        stats = new EngineStats(
                live.size(),
                scheduler.runningSteps(),
                scheduler.queuedSteps(),
                commits.get(),
                rows.get(),
                wake,
                inbox.isEmpty() && inFlight == null && scheduler.runningSteps() == 0 && scheduler.queuedSteps() == 0,
                scheduler.interruptedHandlers(),
                scheduler.stuckHandlers(),
                loopErrors(),
                schedules.firedUpTo(),
                tasksPurged.getAsLong());
        stuckHandlers = scheduler.stuckHandlerNames();
    }

    private Map<String, Long> loopErrors() {
        Map<String, Long> errors = new java.util.LinkedHashMap<>();
        errors.put("tasker-engine-loop", loopErrors.get());
        errors.putAll(backgroundErrors.get());
        return errors;
    }

    /**
     * How long the loop watches its inbox before it parks, while handlers run: a handler that returns within
     * that time is taken without the loop's wake-up (a futex wake and a context switch, on an idle core also
     * the core's wake from its sleep state), which is a fixed part of every step's latency when tasks run one
     * step at a time. Spent only while a handler runs and nothing else waits (at most this long per cycle; an idle
     * engine, or one whose steps only wait for signals, parks at once). The system property
     * {@code tasker.engine.spinMicros} changes it, 0 turns it off. On the quiet 2-core machine (issue #16,
     * bench linear, 2 runs each): p50 1.27 and 1.28 ms against 1.45 and 1.33 ms without; the wake-up it saves
     * was ~11 µs p50 of a ~250 µs cycle (probed on the loaded machine).
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("tasker.engine.spinMicros", 50));

    private void spinForOutcome() {
        if (SPIN_NANOS <= 0 || scheduler.runningSteps() == 0) {
            return;
        }
        long end = System.nanoTime() + SPIN_NANOS;
        while (inbox.isEmpty() && System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private long waitNanos() {
        Timer next = timers.peek();
        if (next == null || manualClock) {
            return IDLE_WAIT.toNanos();
        }
        long nanos = Duration.between(clock.instant(), next.due()).toNanos();
        return Math.max(0, Math.min(nanos, IDLE_WAIT.toNanos()));
    }

    /**
     * Applies the cycle's batch. A database failure fails the submits of this cycle at once (their
     * callers get the error; nothing was stored); a batch refused for its data ({@link StoreDataException})
     * is split by task so that only the task at fault fails ({@link PoisonWrites}); any other failure of the
     * database as a whole is retried with a backoff of up to {@link #MAX_DB_RETRY_WAIT}, logged once a minute
     * ({@link OutageLog}), until the database answers; a stale write reloads the tasks that disagreed and
     * applies the rest again. Returns false when the loop was told to stop while the database refused the
     * batch: then nothing of it was written and its after-commit actions must not run.
     */
    private boolean commit(Cycle cycle) throws InterruptedException {
        WriteBatch batch = cycle.merged();
        long wait = FIRST_DB_RETRY_WAIT.toMillis();
        boolean split = false;
        while (!batch.isEmpty()) {
            membership.announce(batch, cycle.signalWork, cycle.settledSignals, cycle.nudges);
            try {
                if (split) {
                    poison.isolate(cycle, store, this::applyFenced);
                } else {
                    applyFenced(batch);
                }
                return true;
            } catch (FencedException e) {
                LOG.error("{}", e.getMessage());
                fenced(cycle);
                batch = cycle.merged();
            } catch (StaleWriteException e) {
                LOG.warn(
                        "stored state of task(s) {} changed under this engine; reloading them: {}",
                        e.taskIds(),
                        e.getMessage());
                failures.evictAndReload(cycle, e.taskIds(), store);
                batch = cycle.merged();
            } catch (StoreDataException e) {
                if (!failures.failSubmits(cycle, e, store)) {
                    split = true; // the rows of one task are at fault: find it, fail it, commit the others
                }
                batch = cycle.merged();
            } catch (StoreException e) {
                outage.failed(e.getMessage(), OUTAGE_CONSEQUENCE);
                if (writesFailingSince == null) {
                    writesFailingSince = clock.instant();
                }
                if (failures.failSubmits(cycle, e, store)) {
                    batch = cycle.merged();
                    continue;
                }
                // A failure of the database as a whole (down, full disk): the batch stays in memory and is
                // applied again, with a bounded backoff, until the database takes it or the loop must stop.
                if (stopRequested || !awaitRetry(e, wait)) {
                    LOG.warn(
                            "stopping while the database refuses writes: {} row(s) of the last commit are not"
                                    + " written; their tasks resume from their last stored state at the next start",
                            batch.size());
                    return false;
                }
                wait = Math.min(wait * 2, MAX_DB_RETRY_WAIT.toMillis());
                batch = cycle.merged();
            }
        }
        return true;
    }

    /** One transaction: the batch signalled and fenced (several nodes), applied, counted and announced. */
    private void applyFenced(WriteBatch batch) {
        membership.fence(batch);
        Instant started = observers.active() ? clock.instant() : null;
        store.apply(batch);
        committed(batch, started == null ? null : Duration.between(started, clock.instant()));
    }

    /** Counts and announces a committed batch (and its latency, when observed). */
    private void committed(WriteBatch batch, @Nullable Duration latency) {
        commits.incrementAndGet();
        rows.addAndGet(batch.size());
        if (latency != null && observers.active()) {
            observers.committed(latency.isNegative() ? Duration.ZERO : latency, batch.size());
        }
        events.committed(batch);
        outage.succeeded();
        lastCommit = clock.instant();
        writesFailingSince = null;
    }

    /** Drops every task (another node owns them now) and joins again with a new epoch. */
    private void fenced(Cycle cycle) {
        failures.dropAll(cycle);
        membership.rejoin();
    }

    /**
     * Waits before a commit is tried again. While the database is down new submits are refused at once
     * rather than left waiting, and other commands wait for the loop; returns false, at once, when a Stop
     * arrives (closing must not wait for the database to come back).
     */
    private boolean awaitRetry(StoreException cause, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        long left;
        try {
            while ((left = deadline - System.nanoTime()) > 0) {
                Command c = inbox.poll(left, TimeUnit.NANOSECONDS);
                if (c instanceof Command.Submit s) {
                    refuse(s, cause);
                } else if (c instanceof Command.SubmitBatch b) {
                    b.submits().forEach(s -> refuse(s, cause));
                } else if (c instanceof Command.Stop) {
                    stopRequested = true;
                    scheduler.stopDispatching();
                    return false;
                } else if (c != null) {
                    failures.defer(c);
                }
            }
            return true;
        } finally {
            failures.requeueDeferred(inbox);
        }
    }

    private static void refuse(Command.Submit s, StoreException cause) {
        s.ack()
                .completeExceptionally(new StoreException(
                        "task not created: the database is unavailable: " + cause.getMessage(), cause));
    }
}
