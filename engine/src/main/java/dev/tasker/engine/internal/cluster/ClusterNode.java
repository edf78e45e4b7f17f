package dev.tasker.engine.internal.cluster;

import dev.tasker.engine.internal.background.BackgroundLoop;
import dev.tasker.engine.internal.background.BackgroundLoops;
import dev.tasker.engine.internal.run.Command;
import dev.tasker.engine.internal.run.LiveTasks;
import dev.tasker.engine.internal.run.Membership;
import dev.tasker.engine.store.FencedException;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WriteBatch;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This engine as one node of several sharing a database (SPEC §6). It joins the {@link NodeRegistry},
 * renews its lease, declares dead the nodes whose lease ran out (their tasks go back to the queue),
 * and claims queued tasks while it owns fewer than {@code maxOwnedTasks}; the loop rebuilds claimed
 * tasks exactly as it resumes tasks after a restart (a step that was running runs again, counted).
 *
 * <p>An operator client (the command line) never starts it: it joins only when an action needs a task of its
 * own ({@link #ownerElsewhere}).
 *
 * <p>Over 400 lines as one piece: joining, claiming, adopting and the remote signals all guard the same
 * epoch and the same set of tasks this node gave back; split, each part would need the others' state.
 *
 * <p>Threads: a heartbeat thread (renewal and expiry, every third of the lease), a claimer thread
 * (woken by a signal of queued work, by a task leaving memory while work waits, or every
 * {@code pollEvery}; once a second it also loads the tasks this node owns with a due retry that are in
 * no memory, a safety net that logs), and the registry's listener. Lease times are the database's; the heartbeat's
 * rhythm is real time whatever clock the engine is given, since other nodes judge it by the database clock.
 */
public final class ClusterNode implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final int CLAIM_CHUNK = 200;
    /** How often the claimer looks for owned tasks with a due retry that nobody has in memory. */
    private static final Duration ORPHAN_CHECK = Duration.ofSeconds(1);

    private final NodeRegistry registry;
    private final WorkflowStore store;
    private final String nodeId;
    private final Duration lease;
    private final int maxOwnedTasks;
    private final Duration pollEvery;
    private final InstantSource clock;
    private final Map<UUID, List<CompletableFuture<Void>>> remoteWaits = new ConcurrentHashMap<>();
    /**
     * Queued tasks this node took and gave back because it cannot run them (their template version is not
     * loaded here, as during a rolling deploy); it does not take them again. Bounded: the oldest are
     * forgotten, and tried once more.
     */
    private final java.util.Set<UUID> notRunnableHere =
            java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                    return size() > 10_000;
                }
            });

    private volatile long epoch;
    private volatile boolean backlog;
    private volatile boolean closed;
    private volatile boolean joined;
    /** Until when the lease runs as of its last renewal (the engine's clock), for health. */
    private volatile java.time.Instant leaseUntil = java.time.Instant.MIN;

    private final LiveTasks loop;
    private final BackgroundLoop heartbeat;
    private final BackgroundLoop claimer;
    private volatile AutoCloseable listener;
    /** Claimer rounds: when the queue and the orphans are next looked at without a signal (monotonic). */
    private long nextPoll = System.nanoTime();

    private long nextOrphanCheck = System.nanoTime();

    public ClusterNode(
            NodeRegistry registry,
            WorkflowStore store,
            String nodeId,
            Duration lease,
            int maxOwnedTasks,
            Duration pollEvery,
            InstantSource clock,
            LiveTasks loop,
            BackgroundLoops loops) {
        this.loop = loop;
        this.heartbeat = loops.platform(
                "tasker-heartbeat",
                Duration.ofMillis(Math.max(10, lease.toMillis() / 3)),
                woken -> beat(),
                LOG,
                org.slf4j.event.Level.WARN,
                "renew the lease of node " + nodeId,
                "trying again every third of the lease");
        this.claimer = loops.platform(
                "tasker-claimer",
                Duration.ofMillis(Math.min(pollEvery.toMillis(), ORPHAN_CHECK.toMillis())),
                this::claimRound,
                LOG,
                org.slf4j.event.Level.WARN,
                "claim queued tasks on node " + nodeId,
                "trying again at the next poll");
        this.clock = clock;
        this.registry = registry;
        this.store = store;
        this.nodeId = nodeId;
        this.lease = lease;
        this.maxOwnedTasks = maxOwnedTasks;
        this.pollEvery = pollEvery;
    }

    @Override
    public Optional<java.time.Instant> leaseUntil() {
        return Optional.of(leaseUntil);
    }

    String nodeId() {
        return nodeId;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public int maxOwnedTasks() {
        return maxOwnedTasks;
    }

    /** Joins, takes a first share of the queue, then starts the background threads. Returns tasks claimed. */
    @Override
    public int start() {
        join();
        int claimed = claimWhileRoom();
        heartbeat.start();
        claimer.start();
        listener = registry.listen(this::workSignalled, this::settledElsewhere, this::cancelRequested);
        LOG.info("node {} took {} task(s) from the queue at start", nodeId, claimed);
        return claimed;
    }

    @Override
    public void announce(WriteBatch batch, boolean workQueued, Collection<UUID> settled, Collection<UUID> nudged) {
        if (workQueued) {
            batch.signalWork();
        }
        settled.forEach(batch::signalSettled);
        nudged.forEach(batch::nudge);
    }

    @Override
    public void fence(WriteBatch batch) {
        batch.fence(nodeId, epoch);
    }

    /** Takes the task for this node if it can, else names its owner (joining first if not joined yet). */
    @Override
    public Optional<String> ownerElsewhere(UUID taskId) {
        return registry.claimTask(nodeId, joinedEpoch(), taskId);
    }

    @Override
    public void requestCancel(UUID taskId, String who, String why) {
        registry.requestCancel(taskId, who, why);
    }

    /** The epoch, joining first if this (operator-only) engine has not joined yet. */
    synchronized long joinedEpoch() {
        if (!joined) {
            join();
        }
        return epoch;
    }

    private synchronized void join() {
        java.time.Instant asked = clock.instant();
        NodeRegistry.Join joined = registry.join(nodeId, lease);
        this.joined = true;
        leaseUntil = asked.plus(lease);
        epoch = joined.epoch();
        if (joined.replacedLiveNode()) {
            LOG.warn(
                    "node id {} was registered with a lease still running: if another engine uses this id, it is"
                            + " fenced out now (epoch {}); give each engine its own node id",
                    nodeId,
                    epoch);
        }
        LOG.info(
                "joined as node {} (epoch {}, lease {} ms, up to {} tasks owned at once){}",
                nodeId,
                epoch,
                lease.toMillis(),
                maxOwnedTasks,
                joined.releasedTasks() > 0
                        ? "; " + joined.releasedTasks() + " task(s) of gone nodes put back in the queue"
                        : "");
    }

    /** Called by the loop after it dropped every task because this node was fenced out. */
    @Override
    public void rejoin() {
        LOG.error(
                "node {} (epoch {}) was declared dead by another node, which took its tasks over; every task"
                        + " in memory was dropped and the node joins again",
                nodeId,
                epoch);
        while (!closed) {
            try {
                join();
                claimer.wake();
                return;
            } catch (StoreException e) {
                LOG.error("cannot join again as node {}: {}; retrying", nodeId, e.getMessage());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** One heartbeat: renewal and expiry. */
    private void beat() {
        try {
            // One read of the epoch: were it read again for the Fenced command, a rejoin in between would
            // make the loop drop every task of the new, valid epoch (and join once more) for nothing.
            long at = epoch;
            java.time.Instant asked = clock.instant();
            if (!registry.heartbeat(nodeId, at, lease)) {
                leaseUntil = java.time.Instant.MIN;
                loop.post(new Command.Fenced(at));
                return;
            }
            leaseUntil = asked.plus(lease);
            for (String gone : registry.expireLapsed()) {
                LOG.warn("node {} declared a node dead that stopped renewing its lease: {}", nodeId, gone);
            }
        } catch (StoreException e) {
            LOG.warn("node {} could not renew its lease: {}", nodeId, e.getMessage());
        }
    }

    /** One claimer round: woken by a signal, or its period (the smaller of the poll and the orphan check). */
    private void claimRound(boolean signalled) {
        if (closed) {
            return;
        }
        long at = epoch;
        if (signalled || System.nanoTime() - nextPoll >= 0) {
            nextPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollEvery.toMillis());
            try {
                claimWhileRoom(at);
            } catch (FencedException e) {
                loop.post(new Command.Fenced(at));
            } catch (StoreException e) {
                LOG.warn("node {} could not claim queued tasks: {}", nodeId, e.getMessage());
            }
        }
        if (System.nanoTime() - nextOrphanCheck < 0) {
            return;
        }
        nextOrphanCheck = System.nanoTime() + ORPHAN_CHECK.toNanos();
        try {
            adoptOrphans(at);
        } catch (StoreException e) {
            LOG.warn("node {} could not look for its tasks with a due retry: {}", nodeId, e.getMessage());
        }
    }

    /**
     * Safety net, once a second: tasks this node owns in the database, with a retry due, that are not in its
     * memory have nobody to run them (every path that leaves them so is a bug, logged here); they are loaded.
     */
    private void adoptOrphans(long at) {
        if (at != epoch) {
            return;
        }
        List<UUID> orphans = new ArrayList<>();
        for (UUID id : registry.ownedWithDueRetry(nodeId, clock.instant(), CLAIM_CHUNK)) {
            if (!loop.holds(id)) {
                orphans.add(id);
            }
        }
        if (!orphans.isEmpty()) {
            LOG.warn(
                    "node {} owns {} task(s) with a due retry that were not in its memory: {}; loading them",
                    nodeId,
                    orphans.size(),
                    orphans);
            adopt(orphans, at);
        }
    }

    /** Claims queued tasks in chunks until the queue is empty or this node is full. */
    private int claimWhileRoom() {
        return claimWhileRoom(epoch);
    }

    /** Claims at one epoch: a rejoin meanwhile (a new epoch) ends the round, the next one claims at the new one. */
    private int claimWhileRoom(long at) {
        int claimed = 0;
        while (!closed && at == epoch) {
            int room = maxOwnedTasks - loop.count();
            if (room <= 0) {
                backlog = true;
                return claimed;
            }
            int want = Math.min(room, CLAIM_CHUNK);
            List<UUID> skip;
            synchronized (notRunnableHere) {
                skip = List.copyOf(notRunnableHere);
            }
            List<UUID> ids = registry.claim(nodeId, at, want, skip);
            if (ids.isEmpty()) {
                backlog = false;
                return claimed;
            }
            int resumed = adopt(ids, at);
            claimed += resumed;
            if (ids.size() < want) {
                backlog = false;
                return claimed;
            }
        }
        return claimed;
    }

    /**
     * Hands tasks claimed at epoch {@code at} to the loop; tasks it cannot run here (template not loaded) go
     * back to the queue, and so do all of them when they cannot be loaded (owned but in nobody's memory, they
     * would wait until this node leaves).
     */
    private int adopt(List<UUID> ids, long at) {
        List<StoredTask> loaded;
        try {
            loaded = store.loadTasks(ids);
        } catch (StoreException e) {
            LOG.warn(
                    "node {} could not load claimed tasks {}: {}; they go back to the queue",
                    nodeId,
                    ids,
                    e.getMessage());
            try {
                registry.release(nodeId, at, ids);
            } catch (StoreException again) {
                LOG.warn(
                        "node {} could not put tasks {} back in the queue either: {}; it looks for them again"
                                + " when a retry of theirs is due",
                        nodeId,
                        ids,
                        again.getMessage());
            }
            return 0;
        }
        CompletableFuture<Integer> ack = new CompletableFuture<>();
        loop.post(new Command.Recover(loaded, at, ack));
        int resumed;
        try {
            resumed = ack.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FencedException) {
                return 0; // this node joined again since the claim: the rejoin put the tasks back in the queue
            }
            LOG.error("node {} could not take claimed tasks {} into memory: {}", nodeId, ids, e.toString());
            return 0;
        } catch (TimeoutException e) {
            // Not known which were rebuilt: give none back (the loop may yet run them); if this node cannot
            // run them, they stay its own until it leaves or its lease runs out.
            LOG.error("node {} could not take claimed tasks {} into memory: {}", nodeId, ids, e.toString());
            return 0;
        }
        applyCancelRequests(ids);
        deliverSignals(ids); // recorded after the tasks were loaded, before this node held them
        if (resumed < ids.size()) {
            List<UUID> notHere = new ArrayList<>();
            for (UUID id : ids) {
                if (!loop.holds(id)) {
                    notHere.add(id);
                }
            }
            synchronized (notRunnableHere) {
                notRunnableHere.addAll(notHere);
            }
            LOG.warn(
                    "node {} cannot run {} claimed task(s) (template not loaded here, see above); they go back to"
                            + " the queue for other nodes",
                    nodeId,
                    notHere.size());
            registry.release(nodeId, at, notHere);
        }
        return resumed;
    }

    /**
     * Another node asked to cancel a task, recorded a signal for it, or ended a child task of its sub-workflow
     * step: if it runs here, apply them.
     */
    private void cancelRequested(UUID taskId) {
        if (loop.holds(taskId)) {
            applyCancelRequests(List.of(taskId));
            deliverSignals(List.of(taskId));
            deliverChildEnds(taskId);
        }
    }

    /**
     * The child tasks of this task's sub-workflow steps that have ended (another node ran them): each goes to the
     * loop, which ends the parent step that still waits for it (once; the others are ignored there).
     */
    private void deliverChildEnds(UUID parentTaskId) {
        for (dev.tasker.engine.store.spi.TaskLinkRow link : store.children(parentTaskId)) {
            boolean over = store.findTask(link.childTaskId())
                    .map(row ->
                            row.state().isTerminal() || row.state() == dev.tasker.engine.TaskState.BLOCKED_BY_FAILURES)
                    .orElse(false);
            if (!over) {
                continue;
            }
            for (StoredTask child : store.loadTasks(List.of(link.childTaskId()))) {
                loop.post(new Command.ChildEnded(parentTaskId, link.parentStepName(), child));
            }
        }
    }

    /** Delivers the signals other nodes recorded for these tasks, among those this node runs. */
    private void deliverSignals(List<UUID> ids) {
        for (dev.tasker.engine.store.spi.SignalRow row : store.signals(ids)) {
            if (row.deliveredAt() == null && loop.holds(row.taskId())) {
                loop.post(Command.Signal.recorded(row));
            }
        }
    }

    @Override
    public void nudge(UUID taskId) {
        registry.nudge(taskId);
    }

    /** Cancels the tasks among these that this node runs and whose cancel another node requested. */
    private void applyCancelRequests(List<UUID> ids) {
        for (NodeRegistry.CancelRequest r : registry.cancelRequests(ids)) {
            if (!loop.holds(r.taskId())) {
                continue;
            }
            CompletableFuture<Boolean> ack = new CompletableFuture<>();
            loop.post(new Command.Cancel(r.taskId(), null, r.requestedBy(), r.reason(), ack));
            ack.whenComplete((done, failure) -> {
                if (failure == null) {
                    LOG.info("task {} cancelled as {} asked from another node", r.taskId(), r.requestedBy());
                    registry.cancelApplied(r.taskId());
                } else {
                    LOG.warn(
                            "cancel of task {} requested by {} failed: {}",
                            r.taskId(),
                            r.requestedBy(),
                            failure.toString());
                }
            });
        }
    }

    /** A task left this node's memory: when work waits in the queue, look for it. */
    @Override
    public void taskLeft() {
        if (backlog) {
            claimer.wake();
        }
    }

    /** Another node queued work (or the listener reconnected). */
    void workSignalled() {
        claimer.wake();
    }

    @Override
    public CompletableFuture<Void> settledSignal(UUID taskId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        remoteWaits
                .computeIfAbsent(taskId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(f);
        return f;
    }

    @Override
    public void forgetWait(UUID taskId, CompletableFuture<Void> f) {
        remoteWaits.computeIfPresent(taskId, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    private void settledElsewhere(UUID taskId) {
        List<CompletableFuture<Void>> waiting = remoteWaits.remove(taskId);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }

    /** Takes no more tasks (the engine is closing); the lease is still renewed until {@link #close()}. */
    @Override
    public void stopClaiming() {
        closed = true;
        claimer.halt();
    }

    /** Stops the threads and leaves: this node's unfinished tasks go back to the queue for the others. */
    @Override
    public void close() {
        stopClaiming();
        heartbeat.halt();
        try {
            AutoCloseable l = listener;
            if (l != null) {
                l.close();
            }
        } catch (Exception e) {
            LOG.debug("closing the listener: {}", e.toString());
        }
        try {
            if (joined) {
                registry.leave(nodeId, epoch);
            }
        } catch (StoreException e) {
            LOG.warn(
                    "node {} could not leave cleanly ({}); its tasks go to other nodes when its lease runs out",
                    nodeId,
                    e.getMessage());
        }
        remoteWaits.values().forEach(list -> list.forEach(f -> f.complete(null)));
    }

    private static void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
