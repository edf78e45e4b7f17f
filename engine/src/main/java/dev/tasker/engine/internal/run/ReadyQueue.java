package dev.tasker.engine.internal.run;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The ready queue and the concurrency slots, on the loop thread only: steps whose parents are satisfied
 * wait here by priority (FIFO among equals) for a slot of the engine ({@code maxConcurrentSteps}), of their
 * template's gate and, for a batch worker, of its batch's gate. A step whose gate is full is parked on that
 * gate and queued again when a slot of the gate is freed.
 */
public final class ReadyQueue {
    private final int maxRunning;
    private final PriorityQueue<StepRun> ready = new PriorityQueue<>(
            Comparator.comparingInt((StepRun s) -> -s.task.priority).thenComparingLong(s -> s.readySeq));
    private long readySeq;
    private volatile int running;
    /** Stamps {@link StepRun#readyAt} (an instrumentation measures the queue wait), or null: not kept. */
    private final java.time.InstantSource readyClock;
    /** Per-key concurrency and rate limits ({@link KeyLimits#NONE}: none declared, nothing checked). */
    private final KeyLimits limits;
    /** Arms a limit timer (a rate's next permitted start) on the loop's timers. */
    private final java.util.function.BiConsumer<StepRun, java.time.Instant> armLimitTimer;

    ReadyQueue(int maxRunning) {
        this(maxRunning, null);
    }

    ReadyQueue(int maxRunning, java.time.InstantSource readyClock) {
        this(maxRunning, readyClock, KeyLimits.NONE, (s, at) -> {});
    }

    ReadyQueue(
            int maxRunning,
            java.time.InstantSource readyClock,
            KeyLimits limits,
            java.util.function.BiConsumer<StepRun, java.time.Instant> armLimitTimer) {
        this.maxRunning = maxRunning;
        this.readyClock = readyClock;
        this.limits = limits;
        this.armLimitTimer = armLimitTimer;
    }

    /** Steps holding a slot (read by other threads for the stats). */
    int running() {
        return running;
    }

    /** Steps waiting in the queue (parked ones included in their task's count, not here). */
    int size() {
        return ready.size();
    }

    /** Queues a runnable step, unless it is queued or parked already. */
    void enqueue(StepRun s) {
        if (s.queued) {
            return;
        }
        s.queued = true;
        if (readyClock != null && s.readyAt == null) {
            s.readyAt = readyClock.instant(); // kept while it is parked and queued again, until it is claimed
        }
        s.task.queued++;
        s.readySeq = readySeq++;
        ready.add(s);
    }

    /**
     * The next step to start, its gates having room, or null when the engine's slots are full or nothing
     * is ready. Steps that may no longer run are dropped (passing on the slot they were woken for); steps
     * whose gate is full are parked on it; a step whose previous handler has not returned waits for it.
     */
    StepRun next(Cycle cy) {
        while (running < maxRunning) {
            StepRun s = ready.poll();
            if (s == null) {
                return null;
            }
            s.queued = false;
            s.task.queued--;
            TaskRun t = s.task;
            if (s.handler != null && !t.evicted) {
                // The previous attempt's handler has not returned (it ignored its interruption): attempts of
                // one step never overlap, so this one starts when that handler returns.
                s.awaitingHandler = true;
                refill(t.gate);
                if (s.batchGate != null) {
                    refill(s.batchGate);
                }
                continue;
            }
            if (t.evicted || t.failFast || t.state.isTerminal() || !s.isRunnable(cy.now)) {
                s.readyAt = null; // not waiting any more: a later queueing starts a new wait
                // It may have been woken to take a slot its gate freed (then cancelled by fail_fast or a task
                // cancel before it got here): pass the slot on, or the steps parked behind it (other tasks'
                // too) stay parked with nothing left running to wake them.
                refill(t.gate);
                if (s.batchGate != null) {
                    refill(s.batchGate);
                }
                if (limits.active()) {
                    limits.passOn(s, this::requeue);
                }
                cy.touch(t);
                continue;
            }
            TemplateGate full =
                    t.gate.isFull() ? t.gate : s.batchGate != null && s.batchGate.isFull() ? s.batchGate : null;
            if (full != null) {
                s.queued = true;
                t.queued++;
                full.parked.add(s);
                continue;
            }
            String parked = limits.active() ? limits.admit(s, cy.now, armLimitTimer) : null;
            if (parked != null) {
                // Its key is at its limit: parked on the key's bucket (or a timer), with its waiting reason (its
                // kind and key stored on its row the first time, for readers of the store).
                WaitingReasons.record(s, WaitingReasons.ofLimit(parked), cy);
                s.queued = true;
                t.queued++;
                continue;
            }
            return s;
        }
        return null;
    }

    /** Takes the slots a starting step holds until {@link #release}. */
    void acquire(StepRun s) {
        running++;
        s.task.gate.running++;
        if (s.batchGate != null) {
            s.batchGate.running++;
        }
    }

    /** Frees the slots a running step held and lets a parked step of its gates queue again. */
    void release(StepRun s) {
        running--;
        if (limits.active()) {
            limits.released(s, this::requeue);
        }
        unpark(s.task.gate);
        if (s.batchGate != null) {
            unpark(s.batchGate);
        }
    }

    /** A task ended or left: its task-scope limit slots free; true when a parked step was queued again. */
    boolean taskEnded(TaskRun t) {
        return limits.active() && limits.taskEnded(t, this::requeue);
    }

    /** A limit timer is due: rate buckets and steps refused by other nodes queue their next steps again. */
    void limitTimerDue(java.time.Instant now) {
        limits.timerDue(now, this::requeue, armLimitTimer);
    }

    /** Why the step waits for a limit, or null; any thread. */
    String waitingReason(java.util.UUID stepId) {
        return limits.active() ? limits.waitingReason(stepId) : null;
    }

    /** Queues again a step parked on a limit (it counts as queued while parked). */
    private void requeue(StepRun parked) {
        parked.queued = false;
        parked.task.queued--;
        enqueue(parked);
    }

    private void unpark(TemplateGate gate) {
        gate.running--;
        StepRun parked = gate.parked.poll();
        if (parked != null) {
            parked.queued = false;
            parked.task.queued--;
            enqueue(parked);
        }
    }

    /** Wakes the next parked step when the gate has a free slot. */
    private void refill(TemplateGate gate) {
        if (!gate.isFull()) {
            StepRun next = gate.parked.poll();
            if (next != null) {
                next.queued = false;
                next.task.queued--;
                enqueue(next);
            }
        }
    }
}
