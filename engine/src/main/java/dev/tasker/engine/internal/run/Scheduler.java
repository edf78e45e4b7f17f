package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.ErrorType;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.store.spi.CheckpointRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.template.RetryPolicy;
import dev.tasker.engine.template.StepType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's decisions, run on the loop thread only: what each command does to the tasks in memory
 * and which rows that writes. Readiness, the retry rule, backoff, timeouts and fail-fast follow SPEC §3.
 *
 * <p>It routes each command and timer to the classes that act: every step state change goes through
 * {@link StepMachine}, the ready queue and the slots are {@link ReadyQueue}'s, task moves and settling
 * {@link TaskLifecycle}'s. What stays here is one piece (over 400 lines) because it is the order of one
 * step's life on this node: submit, dispatch, claim, launch, outcome (retry rule and backoff), timers,
 * task evaluation. Beside it: {@link StalenessSweep}, {@link CommitFailures}, {@link OperatorActions},
 * {@link DynamicSteps} (decisions and batches), {@link Recovery}; none of them calls back into it.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final String ENGINE = StepMachine.ENGINE;

    private final InstantSource clock;
    private final EngineSettings settings;
    private final AttemptStarter starter;
    private final Consumer<Command> post;
    private final Map<UUID, TaskRun> live;
    private final PriorityQueue<Timer> timers;
    private final Identities identities = new Identities();
    private final ReadyQueue queue;
    private final StepMachine steps;
    private final TaskLifecycle tasks;
    private final OperatorActions operations;
    private final DynamicSteps dynamic;
    private final Recovery recovery;
    private final SubWorkflows children;
    private final Waits waits;
    private long timerSeq;
    private volatile long interruptedHandlers;
    private volatile int stuckHandlers;
    /** The steps whose handler ignores its interruption, for health's detail; loop thread only. */
    private final java.util.Set<StepRun> stuck = new java.util.LinkedHashSet<>();

    private boolean dispatching = true;
    private final StalenessSweep staleness;
    private static final Duration LOST_RETRY_CHECK = Duration.ofSeconds(1);
    private Instant nextLostRetryCheck;
    private long lostRetries;

    Scheduler(
            InstantSource clock,
            EngineSettings settings,
            StepLauncher launcher,
            Map<UUID, TaskRun> live,
            PriorityQueue<Timer> timers,
            Consumer<Command> post,
            Recovery recovery,
            EventSink events,
            Membership membership,
            Observers observers) {
        this(
                clock,
                settings,
                launcher,
                live,
                timers,
                post,
                recovery,
                events,
                membership,
                observers,
                KeyLimits.NONE,
                ChildTasks.NONE,
                id -> java.util.Optional.empty());
    }

    /**
     * @param limits per-key concurrency and rate limits ({@link KeyLimits#NONE} when none are declared)
     * @param childTasks prepares the child tasks of sub-workflow steps
     * @param storedTask reads a task from the store (a child that ended while its parent was not in memory)
     */
    Scheduler(
            InstantSource clock,
            EngineSettings settings,
            StepLauncher launcher,
            Map<UUID, TaskRun> live,
            PriorityQueue<Timer> timers,
            Consumer<Command> post,
            Recovery recovery,
            EventSink events,
            Membership membership,
            Observers observers,
            KeyLimits limits,
            ChildTasks childTasks,
            java.util.function.Function<UUID, java.util.Optional<StoredTask>> storedTask) {
        this.recovery = recovery;
        this.clock = clock;
        this.settings = settings;
        this.starter = new AttemptStarter(launcher, post, observers, clock);
        this.post = post;
        this.live = live;
        this.timers = timers;
        this.queue = new ReadyQueue(
                settings.maxConcurrentSteps(),
                observers.active() ? clock : null,
                limits,
                (s, at) -> timers.add(new Timer(at, timerSeq++, Timer.Kind.LIMIT, s, s.invocation)));
        this.steps = new StepMachine(settings.nodeId(), queue, events);
        this.children = new SubWorkflows(settings.nodeId(), steps, childTasks, live, this::submit, storedTask, post);
        this.waits = new Waits(
                steps,
                (s, due) -> timers.add(new Timer(due, timerSeq++, Timer.Kind.TIMEOUT, s, s.invocation)),
                children);
        this.tasks = new TaskLifecycle(
                clock,
                settings.nodeId(),
                live,
                identities,
                membership.maxOwnedTasks(),
                membership::taskLeft,
                settings.taskFinishedLogLevel(),
                observers,
                t -> {
                    if (queue.taskEnded(t)) {
                        post.accept(new Command.Tick()); // a parked step was queued after this cycle's dispatch
                    }
                },
                children::taskEnded);
        this.operations = new OperatorActions(steps, queue, tasks);
        this.dynamic = new DynamicSteps(queue);
        this.staleness = new StalenessSweep(steps, tasks, settings, live);
        if (!recovery.runsSteps()) { // an operator client: never run a step, never sweep
            dispatching = false;
            staleness.stop();
        }
    }

    /** The identities of live and recent tasks (duplicate submits). */
    Identities identities() {
        return identities;
    }

    /** Fires the staleness sweep when it is due. */
    void sweepStaleTasks(Cycle cy) {
        staleness.sweep(cy);
    }

    /** The live task, rebuilt from {@code stored} when it is not in memory (a finished or blocked task). */
    TaskRun liveOrLoad(java.util.UUID id, StoredTask stored, Cycle cy) {
        TaskRun t = live.get(id);
        if (t != null || stored == null) {
            return t;
        }
        t = recovery.rebuild(stored, cy, steps);
        if (t != null) {
            live.put(t.id, t);
            if (t.identityHash != null) {
                identities.live(t.identityHash, t.id);
            }
            if (!t.state.isTerminal()) {
                // A step of it may wait for a retry (an isolated batch, a task queued after its node died):
                // without its timer that retry would wait until the task next leaves and re-enters memory.
                arm(t, cy);
            }
        }
        return t;
    }

    /**
     * A task just rebuilt from the store: its runnable steps are queued and its waiting retries get their
     * timers (the one place both happen, so that no path into memory forgets them).
     */
    private void arm(TaskRun t, Cycle cy) {
        armStart(t);
        for (StepRun s : t.steps.values()) {
            if (s.waiting) {
                waits.resume(s, cy);
            } else if (s.isRunnable(cy.now)) {
                queue.enqueue(s);
            } else if (s.state == StepState.WAITING_FOR_RETRY && s.unmetParents == 0) {
                timers.add(new Timer(s.nextAttemptAt, timerSeq++, Timer.Kind.RETRY, s, s.invocation));
            }
        }
    }

    /** A delayed task waits for its start: a timer at its time (it fires at once when the time has come). */
    private void armStart(TaskRun t) {
        if (t.state != TaskState.SCHEDULED || t.steps.isEmpty()) {
            return;
        }
        StepRun carrier = t.steps.values().iterator().next();
        Instant at = t.runAt == null ? clock.instant() : t.runAt;
        timers.add(new Timer(at, timerSeq++, Timer.Kind.START, carrier, carrier.invocation));
    }

    /** A delayed task's time has come: it moves to steps_in_process and its first steps are queued. */
    private void startScheduled(TaskRun t, Cycle cy) {
        tasks.move(t, TaskState.STEPS_IN_PROCESS, cy, ENGINE, "its start time " + t.runAt + " has come");
        for (StepRun s : t.steps.values()) {
            if (s.isRunnable(cy.now)) {
                queue.enqueue(s);
            }
        }
        cy.touch(t);
    }

    String nodeId() {
        return settings.nodeId();
    }

    /** Why the step waits for a per-key limit, or null; any thread. */
    String waitingReason(UUID stepId) {
        return queue.waitingReason(stepId);
    }

    int runningSteps() {
        return queue.running();
    }

    int queuedSteps() {
        return queue.size();
    }

    void stopDispatching() {
        dispatching = false;
    }

    // ---- commands ----------------------------------------------------------------------------

    void handle(Command command, Cycle cy) {
        switch (command) {
            case Command.Submit s -> submit(s, cy);
            case Command.SubmitBatch b -> b.submits().forEach(s -> submit(s, cy));
            case Command.Finished f -> finished(f, cy);
            case Command.Cancel c -> cancel(c, cy);
            case Command.Recover r -> recover(r, cy);
            case Command.Operate o -> operations.apply(liveOrLoad(o.taskId(), o.stored(), cy), o, cy);
            case Command.Signal sig -> signal(sig, cy);
            case Command.ChildEnded ce -> children.endedElsewhere(ce.parentTaskId(), ce.step(), ce.child(), cy);
            case Command.Tick t -> {}
            case Command.Purged p -> identities.forgetFinished();
            case Command.Drain d -> stopDispatching();
            case Command.Stop s -> stopDispatching();
            case Command.Fenced f -> {} // handled by the loop
        }
    }

    /** A signal for a step; refused (the ack fails) when the task or step is wrong. */
    private void signal(Command.Signal c, Cycle cy) {
        TaskRun t;
        dev.tasker.engine.SignalResult result;
        try {
            t = liveOrLoad(c.taskId(), c.stored(), cy);
            if (t == null) {
                throw c.stored() == null
                        ? new dev.tasker.engine.TaskNotFoundException(c.taskId())
                        : new dev.tasker.engine.OperatorActionException(
                                "task " + c.taskId() + " cannot be loaded: is its template loaded?");
            }
            result = waits.signal(t, c, cy);
        } catch (RuntimeException e) {
            if (c.ack() != null) {
                c.ack().completeExceptionally(e);
            }
            return;
        }
        if (c.ack() != null) {
            cy.acknowledge(t, () -> c.ack().complete(result));
        }
    }

    private void submit(Command.Submit s, Cycle cy) {
        TaskRun t = s.task();
        t.submittedHere = true;
        if (tasks.full()) {
            queue(s, cy);
            return;
        }
        if (t.identityHash != null) {
            UUID existing = identities.find(t.identityHash);
            if (existing != null) {
                if (cy.isNew(existing)) {
                    // Its twin is submitted in this very cycle and not committed yet: answer in the next cycle,
                    // so that a duplicate's handle never names a task whose commit is then refused.
                    post.accept(s);
                } else {
                    s.ack().complete(new Command.SubmitAck(existing, true));
                }
                return;
            }
            identities.live(t.identityHash, t.id);
        }
        live.put(t.id, t);
        cy.submits.add(s);
        cy.newTasks.add(t.id);
        cy.adopt(t, t.initialRows);
        List<StepRow> inserts = t.initialRows.stepInserts();
        for (int i = 0; i < inserts.size(); i++) {
            cy.inserted(t.steps.get(inserts.get(i).name()), i);
        }
        t.initialRows = null;
        for (StepRun step : t.steps.values()) {
            if (step.isRunnable(cy.now)) {
                queue.enqueue(step);
            }
        }
        armStart(t);
        cy.touch(t);
        cy.after(t, () -> s.ack().complete(new Command.SubmitAck(t.id, false)));
    }

    /**
     * This node owns as many tasks as it may: the new task is stored unowned, for whichever node has room
     * first (this one included), and the other nodes are signalled. Duplicates are caught by the identity
     * index, as for any submit.
     */
    private void queue(Command.Submit s, Cycle cy) {
        TaskRun t = s.task();
        t.initialRows.taskInserts().replaceAll(row -> row.taskId().equals(t.id) ? row.withNodeId(null) : row);
        cy.submits.add(s);
        cy.adopt(t, t.initialRows);
        t.initialRows = null;
        t.evicted = true; // not run here unless claimed back from the queue
        cy.signalWork = true;
        cy.after(t, () -> s.ack().complete(new Command.SubmitAck(t.id, false)));
    }

    private void finished(Command.Finished f, Cycle cy) {
        StepRun s = f.step();
        Throwable thrown = null;
        if (s.handler != null && s.handlerInvocation == f.invocation()) {
            thrown = s.handler.thrown;
            handlerReturned(s, cy);
        }
        if (s.task.evicted || s.state != StepState.IN_PROGRESS || s.invocation != f.invocation()) {
            return; // a late outcome: timed out, cancelled or reloaded meanwhile
        }
        s.execution = null;
        s.thrown = thrown;
        switch (f.outcome()) {
            case Outcome.Succeeded ok when ok.kind() == Outcome.Kind.RESULT -> steps.complete(s, ok, cy);
            case Outcome.Succeeded ok -> plan(s, ok, cy);
            case Outcome.Failed failed -> fail(s, failed, cy);
            case Outcome.Yielded y -> checkpoint(s, y, cy);
        }
    }

    /** The handler thread of {@code s} has returned: a held-back next attempt may start, the task may settle. */
    private void handlerReturned(StepRun s, Cycle cy) {
        s.handler = null;
        s.task.handlersAlive--;
        if (s.handlerStuck) {
            s.handlerStuck = false;
            stuckHandlers--;
            stuck.remove(s);
            try (LogContext ignored = LogContext.step(s, settings.nodeId())) {
                LOG.warn(
                        "the handler of step '{}' of task {} returned after its attempt {} was interrupted; the step"
                                + " and its task may go on now",
                        s.name,
                        s.task.id,
                        s.attempts);
            }
        }
        if (s.awaitingHandler) {
            s.awaitingHandler = false;
            if (!s.task.evicted && !s.state.isFinished()) {
                queue.enqueue(s);
            }
        }
        TaskRun t = s.task;
        if (!t.evicted) {
            cy.touch(t);
            if (t.handlersAlive == 0 && t.isSettled()) {
                tasks.settle(t, cy); // a terminal task is not evaluated again: it settles here, now nothing runs
            }
        }
    }

    /** Handlers interrupted at their timeout since the engine started. */
    long interruptedHandlers() {
        return interruptedHandlers;
    }

    /** Handlers interrupted at their timeout that have not returned yet. */
    int stuckHandlers() {
        return stuckHandlers;
    }

    /** Each handler that has not returned after its interruption, as "step 'x' of task id (attempt n)". */
    List<String> stuckHandlerNames() {
        if (stuck.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(stuck.size());
        for (StepRun s : stuck) {
            names.add("step '" + s.name + "' of task " + s.task.id + " (attempt " + s.attempts + ")");
        }
        return List.copyOf(names);
    }

    /**
     * A decision or batch outcome: the planned steps are created and linked first (so they wait for this
     * step), then the step completes in the same transaction, which releases them. An outcome that cannot
     * be carried out fails the step permanently, naming what is wrong (the reference swallows it).
     */
    private void plan(StepRun s, Outcome.Succeeded ok, Cycle cy) {
        boolean decision = ok.kind() == Outcome.Kind.DECISION;
        StepType expected = decision ? StepType.DECISION : StepType.BATCHABLE;
        if (s.definition.type() != expected) {
            fail(
                    s,
                    permanent(
                            "step '" + s.name + "' is a " + s.definition.type().yamlName() + " step; only a "
                                    + expected.yamlName() + " step may return "
                                    + (decision ? "a decision" : "a batch plan"),
                            ok.metadata()),
                    cy);
            return;
        }
        try {
            if (decision) {
                JsonNode outcome = ok.result().get("decision_point_outcome");
                List<String> chosen = new ArrayList<>();
                outcome.path("step_names").forEach(n -> chosen.add(n.asText()));
                DynamicSteps.validateDecision(s, chosen);
                dynamic.decide(s, chosen, cy);
            } else {
                dynamic.batch(s, ok.result().get("batch_processing_outcome"), cy);
            }
        } catch (DynamicSteps.InvalidOutcome e) {
            fail(s, permanent(e.getMessage(), ok.metadata()), cy);
            return;
        }
        steps.complete(s, ok, cy);
    }

    private static Outcome.Failed permanent(String message, ObjectNode metadata) {
        return new Outcome.Failed(message, ErrorType.PERMANENT_ERROR, false, null, null, metadata);
    }

    /** The retry rule (SPEC §3): another attempt after the backoff if the policy allows, else error. */
    private void fail(StepRun s, Outcome.Failed f, Cycle cy) {
        ObjectNode error = f.toJson();
        FailedAttempts.log(s, f, settings.nodeId());
        RetryPolicy policy = s.definition.retry();
        Instant next = null;
        if (policy.shouldRetry(s.attempts, f.retryable())) {
            next = cy.now.plus(backoff(policy, s.attempts, f.retryAfter()));
            error.put("next_attempt_at", next.toString());
        }
        steps.fail(s, f, error, next, cy);
        if (next != null) {
            scheduleRetry(s);
        }
    }

    /** The delay before the next attempt: the handler's retry-after, else the policy's formula with jitter. */
    private Duration backoff(RetryPolicy policy, int failedAttempts, Duration retryAfter) {
        Duration cap = Duration.ofMillis(policy.maxBackoffMs());
        if (retryAfter != null) {
            return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        }
        Duration base = policy.delayFor(failedAttempts);
        if (settings.jitterFraction() <= 0 || base.isZero()) {
            return base;
        }
        Duration jittered = RetryPolicy.withJitter(
                base, settings.jitterFraction(), settings.random().nextDouble());
        return jittered.compareTo(cap) > 0 ? cap : jittered;
    }

    private void scheduleRetry(StepRun s) {
        if (s.isRunnable(clock.instant())) {
            queue.enqueue(s);
        } else {
            timers.add(new Timer(s.nextAttemptAt, timerSeq++, Timer.Kind.RETRY, s, s.invocation));
        }
    }

    private void checkpoint(StepRun s, Outcome.Yielded y, Cycle cy) {
        TaskRun t = s.task;
        JsonNode previous = s.checkpoint;
        s.checkpoint = Checkpoints.next(s.checkpoint, y, cy.now, settings.checkpointHistoryLimit());
        String json = Json.write(s.checkpoint);
        long max = settings.limits().maxCheckpointBytes();
        InvalidInputException tooLarge =
                ValueLimits.size("the checkpoint (with its history)", json, max, "maxCheckpointBytes");
        if (tooLarge != null) {
            s.checkpoint = previous;
            fail(
                    s,
                    new Outcome.Failed(
                            tooLarge.getMessage(),
                            ErrorType.PERMANENT_ERROR,
                            false,
                            null,
                            ValueLimits.CHECKPOINT_TOO_LARGE,
                            y.metadata()),
                    cy);
            return;
        }
        cy.writes(t).upsertCheckpoint(new CheckpointRow(s.id, t.id, json, cy.now));
        s.invocation++;
        long inv = s.invocation;
        addTimeout(s, cy.now);
        cy.after(t, () -> starter.start(s, inv));
    }

    private void cancel(Command.Cancel c, Cycle cy) {
        TaskRun t = liveOrLoad(c.taskId(), c.stored(), cy);
        if (t == null || t.state.isTerminal()) {
            c.ack().complete(t == null ? null : Boolean.FALSE);
            return;
        }
        children.parentCancelled(t, c.actor(), cy);
        for (StepRun s : t.steps.values()) {
            if (!s.state.isFinished()) {
                steps.cancel(s, c.actor(), c.reason(), cy);
            }
        }
        StepMachine.failFast(t);
        tasks.move(t, TaskState.CANCELLED, cy, c.actor(), c.reason());
        cy.after(t, () -> c.ack().complete(Boolean.TRUE));
    }

    private void recover(Command.Recover r, Cycle cy) {
        int n = 0;
        for (StoredTask stored : r.tasks()) {
            if (live.containsKey(stored.task().taskId())) {
                n++;
                continue;
            }
            // Loaded before it finished, or before another node took it: nothing of it runs here.
            if (stored.task().state().isTerminal()
                    || tasks.shared() && !settings.nodeId().equals(stored.task().nodeId())) {
                n++;
                continue;
            }
            TaskRun t;
            try {
                t = recovery.rebuild(stored, cy, steps);
            } catch (RuntimeException e) {
                // One task whose stored rows cannot be read must not keep the others (and the engine's start)
                // from resuming: it stays as stored, for an operator.
                try (LogContext ignored = LogContext.task(stored.task(), settings.nodeId())) {
                    LOG.error("cannot resume task {}: {}", stored.task().taskId(), e.getMessage());
                }
                continue;
            }
            if (t == null) {
                continue;
            }
            live.put(t.id, t);
            if (t.identityHash != null) {
                identities.live(t.identityHash, t.id);
            }
            n++;
            arm(t, cy);
            cy.touch(t);
        }
        int recovered = n;
        if (r.ack() != null) {
            cy.afterAll(() -> r.ack().complete(recovered));
        }
    }

    // ---- timers, dispatch, evaluation -----------------------------------------------------------

    void fireTimers(Cycle cy) {
        Timer next;
        while ((next = timers.peek()) != null && !next.due().isAfter(cy.now)) {
            timers.poll();
            StepRun s = next.step();
            if (next.kind() == Timer.Kind.START) {
                if (!s.task.evicted && s.task.state == TaskState.SCHEDULED) {
                    startScheduled(s.task, cy);
                }
                continue;
            }
            if (next.kind() == Timer.Kind.LIMIT) {
                queue.limitTimerDue(cy.now);
                continue;
            }
            if (s.task.evicted || s.invocation != next.invocation()) {
                continue;
            }
            if (next.kind() == Timer.Kind.RETRY && s.state == StepState.WAITING_FOR_RETRY && s.isRunnable(cy.now)) {
                queue.enqueue(s);
                cy.touch(s.task);
            } else if (next.kind() == Timer.Kind.TIMEOUT && s.state == StepState.IN_PROGRESS && s.waiting) {
                waits.timedOut(s, cy);
            } else if (next.kind() == Timer.Kind.TIMEOUT && s.state == StepState.IN_PROGRESS) {
                StepMachine.interrupt(s);
                Duration limit = timeoutOf(s);
                interruptedHandlers++;
                if (s.handler != null) {
                    s.handlerStuck = true;
                    stuckHandlers++;
                    stuck.add(s);
                    try (LogContext ignored = LogContext.step(s, settings.nodeId())) {
                        LOG.warn(
                                "step '{}' of task {} exceeded its timeout of {} s (attempt {}) and was interrupted;"
                                        + " until its handler returns, no other attempt of the step starts and the"
                                        + " task does not settle",
                                s.name,
                                s.task.id,
                                limit.toSeconds(),
                                s.attempts);
                    }
                }
                fail(
                        s,
                        new Outcome.Failed(
                                "step '" + s.name + "' exceeded its timeout of " + limit.toSeconds() + " s (attempt "
                                        + s.attempts + ") and was interrupted",
                                ErrorType.TIMEOUT,
                                true,
                                null,
                                null,
                                Json.object()),
                        cy);
            }
        }
    }

    /**
     * Safety net, once a second: a step of a live task waiting for a retry whose time has come, neither
     * queued nor parked, has lost its timer (every path that should have armed one is a bug); it is queued
     * now and the loss logged, so that a due retry starts within about a second whatever happened.
     */
    void rearmLostRetries(Cycle cy) {
        if (nextLostRetryCheck != null && cy.now.isBefore(nextLostRetryCheck)) {
            return;
        }
        nextLostRetryCheck = cy.now.plus(LOST_RETRY_CHECK);
        for (TaskRun t : live.values()) {
            if (t.waitingForRetry == 0 || t.evicted || t.failFast || t.state.isTerminal()) {
                continue;
            }
            for (StepRun s : t.steps.values()) {
                if (s.state == StepState.WAITING_FOR_RETRY
                        && !s.queued
                        && s.isRunnable(cy.now)
                        && !retryTimerArmed(s)) {
                    try (LogContext ignored = LogContext.step(s, settings.nodeId())) {
                        LOG.warn(
                                "step {} waited for a retry due at {} with no timer armed; running it now",
                                s,
                                s.nextAttemptAt);
                    }
                    lostRetries++;
                    queue.enqueue(s);
                    cy.touch(t);
                }
            }
        }
    }

    /** A retry timer of the step's current invocation still waits (due later in this cycle's terms). */
    private boolean retryTimerArmed(StepRun s) {
        for (Timer timer : timers) {
            if (timer.step() == s && timer.kind() == Timer.Kind.RETRY && timer.invocation() == s.invocation) {
                return true;
            }
        }
        return false;
    }

    /** How many lost retry timers the safety net found (0 unless a path into memory forgot one). */
    long lostRetries() {
        return lostRetries;
    }

    void dispatch(Cycle cy) {
        StepRun s;
        while (dispatching && (s = queue.next(cy)) != null) {
            claim(s, cy);
        }
    }

    private void claim(StepRun s, Cycle cy) {
        if (s.waits()) {
            waits.start(s, cy); // its handler is not called: it waits for a signal or a child task
            return;
        }
        steps.claim(s, cy);
        long inv = s.invocation;
        addTimeout(s, cy.now);
        cy.after(s.task, () -> starter.start(s, inv));
    }

    private void addTimeout(StepRun s, Instant now) {
        timers.add(new Timer(now.plus(timeoutOf(s)), timerSeq++, Timer.Kind.TIMEOUT, s, s.invocation));
    }

    private Duration timeoutOf(StepRun s) {
        Integer secs = s.definition.timeoutSeconds();
        return secs == null || secs <= 0 ? settings.defaultStepTimeout() : Duration.ofSeconds(secs);
    }

    void evaluateDirty(Cycle cy) {
        // A task that ends may touch another (a sub-workflow's parent step ends with its child): such a task is
        // evaluated in a further round of the same cycle.
        // Marked with this evaluation's number rather than collected in a set: the loop runs this every cycle.
        long mark = ++evaluations;
        List<TaskRun> round = new ArrayList<>(cy.dirty);
        while (!round.isEmpty()) {
            for (TaskRun t : round) {
                t.evaluatedIn = mark;
            }
            evaluate(round, cy);
            List<TaskRun> next = null;
            for (TaskRun t : cy.dirty) {
                if (t.evaluatedIn != mark) {
                    if (next == null) {
                        next = new ArrayList<>();
                    }
                    next.add(t);
                }
            }
            round = next == null ? List.of() : next;
        }
    }

    /** Counts {@link #evaluateDirty} calls: the mark of the tasks one call evaluated. */
    private long evaluations;

    private void evaluate(List<TaskRun> round, Cycle cy) {
        for (TaskRun t : round) {
            if (t.evicted || t.state.isTerminal() || t.state == TaskState.SCHEDULED) {
                continue;
            }
            t.lastProgressAt = cy.now;
            TaskState next = t.evaluate();
            if (next != t.state) {
                tasks.move(t, next, cy, ENGINE, null);
            } else if (t.isSettled()) {
                tasks.settle(t, cy);
            }
        }
    }

    void interruptAll() {
        for (TaskRun t : live.values()) {
            for (StepRun s : t.steps.values()) {
                if (s.state == StepState.IN_PROGRESS) {
                    StepMachine.interrupt(s);
                }
            }
        }
    }

    /** Takes a task out of memory and of this cycle: its running handlers are interrupted. */
    void evict(TaskRun t, Cycle cy) {
        t.evicted = true;
        t.settled.cancel(false);
        for (StepRun s : t.steps.values()) {
            if (s.state == StepState.IN_PROGRESS && !s.waiting) {
                queue.release(s);
                StepMachine.interrupt(s);
                StepMachine.attemptEnded(s, dev.tasker.engine.observe.AttemptOutcome.CANCELLED, null, cy, true);
            }
        }
        queue.taskEnded(t);
        cy.remove(t);
    }
}
