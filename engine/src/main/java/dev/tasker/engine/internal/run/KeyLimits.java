package dev.tasker.engine.internal.run;

import dev.tasker.engine.ConcurrencyLimit;
import dev.tasker.engine.RateLimit;
import dev.tasker.engine.StepState;
import dev.tasker.engine.store.spi.LimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key concurrency and rate limits (the templates' {@code extensions.limits} and the builder's), on the
 * loop thread only. {@link ReadyQueue} asks {@link #admit} before it starts a step: a step whose key is at
 * its limit is parked on the key's bucket with a waiting reason and queued again when a slot of the key frees
 * (a step of the key finishes, a task of the key ends) or, for a rate, when the bucket's timer on the engine's
 * clock fires. With no limit declared, {@link #NONE} answers at once and nothing else runs.
 *
 * <p>Where several nodes share a database ({@link LimitStore}), a step that passes the node's own buckets also
 * takes a hold in the shared table (a round trip), and a rate start advances the shared bucket's next
 * permitted time; a step refused there waits with a timer ({@link #REMOTE_RECHECK}), since the holder runs on
 * another node and its end is not seen here.
 *
 * <p>Over 400 lines as one piece: admission, release and wake-up of the same buckets must agree on what a
 * parked step and a held slot are; they are read together.
 */
public final class KeyLimits {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLimits.class);
    /** How soon a step refused by another node's holds looks again. */
    static final Duration REMOTE_RECHECK = Duration.ofMillis(200);

    public static final KeyLimits NONE = new KeyLimits(List.of(), List.of(), null, null);

    private final List<ConcurrencyLimit> concurrency;
    private final List<RateLimit> rates;
    private final List<String> concurrencyIds = new ArrayList<>();
    private final List<String> rateIds = new ArrayList<>();
    private final LimitStore shared;
    private final String nodeId;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, RateBucket> rateBuckets = new HashMap<>();
    /** Rate buckets with parked steps and a timer armed, and steps refused by other nodes, to look at again. */
    private final Set<RateBucket> armed = new LinkedHashSet<>();

    private final List<StepRun> remoteWaits = new ArrayList<>();
    /** The waiting reason of each parked step, by step id: read by snapshots on other threads. */
    private final Map<java.util.UUID, String> reasons = new java.util.concurrent.ConcurrentHashMap<>();

    private Instant remoteRecheckAt;

    KeyLimits(List<ConcurrencyLimit> concurrency, List<RateLimit> rates, LimitStore shared, String nodeId) {
        this.concurrency = List.copyOf(concurrency);
        this.rates = List.copyOf(rates);
        this.shared = shared;
        this.nodeId = nodeId;
        for (ConcurrencyLimit c : this.concurrency) {
            concurrencyIds.add("c|" + c.namespace() + "/" + c.templateName() + "|" + c.keyPath() + "|"
                    + c.scope().yamlName() + "|" + String.join(",", c.stepNames()));
        }
        for (RateLimit r : this.rates) {
            rateIds.add("r|" + r.namespace() + "/" + r.templateName() + "|" + r.callable() + "|" + r.keyPath());
        }
    }

    /**
     * The limits of an engine: none declared gives {@link #NONE}.
     *
     * @param shared the shared table when several nodes share the database, or null (one node: in memory)
     */
    public static KeyLimits of(
            List<ConcurrencyLimit> concurrency, List<RateLimit> rates, LimitStore shared, String nodeId) {
        if (concurrency.isEmpty() && rates.isEmpty()) {
            return NONE;
        }
        return new KeyLimits(
                List.copyOf(new LinkedHashSet<>(concurrency)), List.copyOf(new LinkedHashSet<>(rates)), shared, nodeId);
    }

    boolean active() {
        return !concurrency.isEmpty() || !rates.isEmpty();
    }

    /** A concurrency bucket: one limit, one key value. */
    static final class Bucket {
        final String limitId;
        final String key;
        final String label;
        final int max;
        final boolean tasks;
        int running;
        final Set<TaskRun> holders = new LinkedHashSet<>();
        final ArrayDeque<StepRun> parked = new ArrayDeque<>();

        Bucket(String limitId, String key, String label, int max, boolean tasks) {
            this.limitId = limitId;
            this.key = key;
            this.label = label;
            this.max = max;
            this.tasks = tasks;
        }

        int used() {
            return tasks ? holders.size() : running;
        }

        String reason(boolean remote) {
            return "waiting_for_limit: " + label + " (" + (remote ? "at its limit of " + max : used() + "/" + max)
                    + (tasks ? " tasks in process" : " running") + (remote ? " across nodes)" : ")");
        }
    }

    /** A rate bucket: one rate, one callable and/or key value. */
    static final class RateBucket {
        final String id;
        final String label;
        final Duration interval;
        final double perSecond;
        Instant nextAt = Instant.MIN;
        Instant armedAt;
        final ArrayDeque<StepRun> parked = new ArrayDeque<>();

        RateBucket(String id, String label, double perSecond) {
            this.id = id;
            this.label = label;
            this.perSecond = perSecond;
            this.interval = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / perSecond)));
        }
    }

    /** The buckets a step counts in, computed once per step. */
    static final class Plan {
        final List<Bucket> concurrency;
        final List<RateBucket> rates;

        Plan(List<Bucket> concurrency, List<RateBucket> rates) {
            this.concurrency = concurrency;
            this.rates = rates;
        }
    }

    /** The buckets of the step now (recomputed at each admission, so that idle buckets can be forgotten). */
    private Plan plan(StepRun s, Instant now) {
        TaskRun t = s.task;
        List<Bucket> cs = new ArrayList<>(1);
        for (int i = 0; i < concurrency.size(); i++) {
            ConcurrencyLimit c = concurrency.get(i);
            if (!applies(c.namespace(), c.templateName(), t)
                    || !c.stepNames().isEmpty() && !c.stepNames().contains(s.templateStepName)) {
                continue;
            }
            String key = c.keyOf(t.context);
            if (key == null) {
                continue; // documented: a task without the key is not limited
            }
            String id = concurrencyIds.get(i);
            cs.add(buckets.computeIfAbsent(
                    id + "=" + key,
                    k -> new Bucket(
                            id,
                            key,
                            c.keyLabel() + "=" + key,
                            c.maxRunning(),
                            c.scope() == ConcurrencyLimit.Scope.TASKS)));
        }
        List<RateBucket> rs = new ArrayList<>(1);
        String callable =
                s.definition.handler() == null ? null : s.definition.handler().callable();
        for (int i = 0; i < rates.size(); i++) {
            RateLimit r = rates.get(i);
            if (!applies(r.namespace(), r.templateName(), t)
                    || r.callable() != null && !r.callable().equals(callable)) {
                continue;
            }
            String key = null;
            if (r.keyPath() != null) {
                key = r.keyOf(t.context);
                if (key == null) {
                    continue;
                }
            }
            String label = (r.callable() == null ? "" : r.callable())
                    + (r.callable() != null && key != null ? " " : "")
                    + (key == null ? "" : r.keyLabel() + "=" + key);
            String id = rateIds.get(i) + "=" + (key == null ? "" : key);
            rs.add(rateBuckets.computeIfAbsent(id, k -> new RateBucket(id, label, r.perSecond())));
        }
        if (rateBuckets.size() > 10_000) {
            forgetIdleRates(now);
        }
        return cs.isEmpty() && rs.isEmpty() ? EMPTY : new Plan(cs, rs);
    }

    private static final Plan EMPTY = new Plan(List.of(), List.of());

    private void forgetIdleRates(Instant now) {
        rateBuckets.values().removeIf(r -> r.parked.isEmpty() && r.armedAt == null && r.nextAt.isBefore(now));
    }

    private void forgetIfIdle(Bucket b) {
        if (b.running == 0 && b.holders.isEmpty() && b.parked.isEmpty()) {
            buckets.remove(b.limitId + "=" + b.key, b);
        }
    }

    private static boolean applies(String namespace, String name, TaskRun t) {
        return namespace == null || namespace.equals(t.template.namespace()) && name.equals(t.template.name());
    }

    /**
     * Null when {@code s} may start now (its holds are then taken and its start counted); else the step is
     * parked (or set to look again) and the reason it waits is returned and kept on the step.
     */
    String admit(StepRun s, Instant now, BiConsumer<StepRun, Instant> arm) {
        Plan p = plan(s, now);
        if (p.concurrency.isEmpty() && p.rates.isEmpty()) {
            return null;
        }
        TaskRun t = s.task;
        for (Bucket b : p.concurrency) {
            boolean holds = b.tasks && b.holders.contains(t);
            if (!holds && b.used() >= b.max) {
                b.parked.add(s);
                return waits(s, b.reason(false));
            }
        }
        for (RateBucket r : p.rates) {
            if (now.isBefore(r.nextAt)) {
                return parkOnRate(s, r, r.nextAt, arm);
            }
        }
        if (shared != null) {
            String refused = takeShared(s, p, now, arm);
            if (refused != null) {
                return refused;
            }
        }
        for (Bucket b : p.concurrency) {
            if (b.tasks) {
                if (b.holders.add(t)) {
                    t.limitHolds.add(b);
                }
            } else {
                b.running++;
            }
        }
        for (RateBucket r : p.rates) {
            r.nextAt = (now.isAfter(r.nextAt) ? now : r.nextAt).plus(r.interval);
        }
        s.limitPlan = p;
        if (s.waitingReason != null) {
            s.waitingReason = null;
            reasons.remove(s.id);
        }
        return null;
    }

    private String parkOnRate(StepRun s, RateBucket r, Instant at, BiConsumer<StepRun, Instant> arm) {
        r.parked.add(s);
        if (r.armedAt == null || r.armedAt.isAfter(at)) {
            r.armedAt = at;
            armed.add(r);
            arm.accept(s, at);
        }
        return waits(
                s, "waiting_for_rate_limit: " + r.label + " (" + format(r.perSecond) + "/s; next start at " + at + ")");
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    /** The shared holds and rate starts (several nodes); null when all were taken, else the reason. */
    private String takeShared(StepRun s, Plan p, Instant now, BiConsumer<StepRun, Instant> arm) {
        List<Bucket> taken = new ArrayList<>(p.concurrency.size());
        try {
            for (Bucket b : p.concurrency) {
                java.util.UUID holder = b.tasks ? s.task.id : s.id;
                if (b.tasks && b.holders.contains(s.task)) {
                    continue; // this node holds it for the task already
                }
                if (!shared.tryHold(b.limitId, b.key, holder, nodeId, b.max)) {
                    releaseShared(taken, s);
                    return waitRemote(s, b.reason(true), now, arm);
                }
                taken.add(b);
            }
            for (RateBucket r : p.rates) {
                Instant next = shared.tryStart(r.id, now, r.interval);
                if (next != null) {
                    releaseShared(taken, s);
                    r.nextAt = next.isAfter(r.nextAt) ? next : r.nextAt;
                    return parkOnRate(s, r, next, arm);
                }
            }
            return null;
        } catch (RuntimeException e) {
            releaseShared(taken, s);
            LOG.warn("cannot take the shared limit holds of step {}: {}; looking again shortly", s, e.toString());
            return waitRemote(s, "waiting_for_limit: the shared limit table cannot be reached", now, arm);
        }
    }

    private void releaseShared(List<Bucket> taken, StepRun s) {
        for (Bucket b : taken) {
            try {
                shared.release(b.limitId, b.key, b.tasks ? s.task.id : s.id);
            } catch (RuntimeException e) {
                LOG.warn("cannot release a shared limit hold of step {}: {}", s, e.toString());
            }
        }
    }

    private String waitRemote(StepRun s, String reason, Instant now, BiConsumer<StepRun, Instant> arm) {
        remoteWaits.add(s);
        if (remoteRecheckAt == null) {
            remoteRecheckAt = now.plus(REMOTE_RECHECK);
            arm.accept(s, remoteRecheckAt);
        }
        return waits(s, reason);
    }

    private String waits(StepRun s, String reason) {
        s.waitingReason = reason;
        reasons.put(s.id, reason);
        return reason;
    }

    /** Why the step waits for a limit now, or null; any thread. */
    String waitingReason(java.util.UUID stepId) {
        return reasons.isEmpty() ? null : reasons.get(stepId);
    }

    /** The slots a finishing step held: parked steps of its keys may queue again. */
    void released(StepRun s, Consumer<StepRun> enqueue) {
        Plan p = s.limitPlan;
        if (p == null) {
            return;
        }
        s.limitPlan = null;
        for (Bucket b : p.concurrency) {
            if (!b.tasks) {
                b.running--;
                if (shared != null) {
                    try {
                        shared.release(b.limitId, b.key, s.id);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "cannot release the shared limit hold of step {}: {} (taken back when the step is"
                                        + " seen finished)",
                                s,
                                e.toString());
                    }
                }
                wake(b, enqueue);
                forgetIfIdle(b);
            }
        }
    }

    /** A task ended (or left this node): its task-scope holds free; true when a parked step was queued. */
    boolean taskEnded(TaskRun t, Consumer<StepRun> enqueue) {
        if (!reasons.isEmpty()) {
            t.steps.values().forEach(s -> reasons.remove(s.id));
        }
        if (t.limitHolds.isEmpty()) {
            return false;
        }
        boolean woke = false;
        for (Bucket b : t.limitHolds) {
            b.holders.remove(t);
            if (shared != null) {
                try {
                    shared.release(b.limitId, b.key, t.id);
                } catch (RuntimeException e) {
                    LOG.warn("cannot release the shared limit hold of task {}: {}", t.id, e.toString());
                }
            }
            woke |= wake(b, enqueue);
            forgetIfIdle(b);
        }
        t.limitHolds.clear();
        return woke;
    }

    /** A step woken for a slot could not take it (cancelled meanwhile): the slot goes to the next one. */
    void passOn(StepRun s, Consumer<StepRun> enqueue) {
        s.waitingReason = null;
        reasons.remove(s.id);
        if (s.task.evicted) {
            return;
        }
        for (Bucket b : plan(s, Instant.MIN).concurrency) {
            if (b.used() < b.max) {
                wake(b, enqueue);
            }
        }
    }

    private static boolean wake(Bucket b, Consumer<StepRun> enqueue) {
        StepRun next = b.parked.poll();
        if (next == null) {
            return false;
        }
        enqueue.accept(next);
        return true;
    }

    /** A limit timer fired: due rate buckets queue their next parked step, steps refused by other nodes look again. */
    void timerDue(Instant now, Consumer<StepRun> enqueue, BiConsumer<StepRun, Instant> arm) {
        if (remoteRecheckAt != null && !now.isBefore(remoteRecheckAt)) {
            remoteRecheckAt = null;
            List<StepRun> again = new ArrayList<>(remoteWaits);
            remoteWaits.clear();
            again.forEach(enqueue);
        }
        for (java.util.Iterator<RateBucket> it = armed.iterator(); it.hasNext(); ) {
            RateBucket r = it.next();
            if (r.armedAt == null || now.isBefore(r.armedAt)) {
                continue;
            }
            r.armedAt = null;
            it.remove();
            StepRun head = r.parked.poll();
            if (head != null) {
                enqueue.accept(head);
            }
            if (!r.parked.isEmpty()) {
                Instant at = (now.isAfter(r.nextAt) ? now : r.nextAt).plus(r.interval);
                r.armedAt = at;
                arm.accept(r.parked.peek(), at);
            }
        }
        for (RateBucket r : rateBuckets.values()) {
            if (r.armedAt != null) {
                armed.add(r);
            }
        }
    }

    /** Whether the step is still one that waits (for the snapshot's waiting reason). */
    static boolean waiting(StepRun s) {
        return s.waitingReason != null
                && s.queued
                && (s.state == StepState.PENDING || s.state == StepState.WAITING_FOR_RETRY);
    }
}
