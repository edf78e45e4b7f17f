package dev.tasker.testkit;

import dev.tasker.api.RetryableError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the kit does instead of running one step's real handler, attempt after attempt. Faults queue in the
 * order given and each applies to the next call of the step's handler (in any task of the environment);
 * when they are used up the real handler runs again.
 *
 * <pre>{@code
 * env.inject("charge_card").failTimes(2);              // attempts 1 and 2 fail (retryably), 3 runs the handler
 * env.inject("ship").hangTimes(1);                     // attempt 1 hangs until its timeout interrupts it
 * env.inject("notify").throwing(new PermanentError("mail server gone"));   // every attempt
 * env.inject("reserve").crash();                       // the engine dies while attempt 1 runs, and restarts
 * }</pre>
 */
public final class StepFaults {
    private static final int ALWAYS = -1;

    private final String step;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Planned> planned = new ArrayDeque<>();

    StepFaults(String step) {
        this.step = step;
    }

    /** The step these faults apply to. */
    public String step() {
        return step;
    }

    /** The next {@code times} calls fail with a {@link RetryableError} (retried under the step's retry policy). */
    public StepFaults failTimes(int times) {
        return add(Invocation.Kind.FAILURE, null, positive(times));
    }

    /** Every later call throws {@code exception} (classified as the engine classifies a handler's exception). */
    public StepFaults throwing(Exception exception) {
        return add(Invocation.Kind.EXCEPTION, Objects.requireNonNull(exception, "exception"), ALWAYS);
    }

    /** The next {@code times} calls throw {@code exception}. */
    public StepFaults throwTimes(int times, Exception exception) {
        return add(Invocation.Kind.EXCEPTION, Objects.requireNonNull(exception, "exception"), positive(times));
    }

    /**
     * Every later call hangs until it is interrupted: the engine interrupts it when the attempt times out
     * (advance the clock past the step's {@code timeout_seconds}; {@code runToCompletion} does) or the task
     * is cancelled.
     */
    public StepFaults hang() {
        return add(Invocation.Kind.HANG, null, ALWAYS);
    }

    /** The next {@code times} calls hang until interrupted (see {@link #hang()}). */
    public StepFaults hangTimes(int times) {
        return add(Invocation.Kind.HANG, null, positive(times));
    }

    /**
     * The next call kills the engine abruptly while it runs (like {@code kill -9}: that attempt's outcome
     * is never recorded), then starts a new engine on the same database and clock, which recovers the task
     * and runs the step again as a new attempt.
     */
    public StepFaults crash() {
        return add(Invocation.Kind.CRASH, null, 1);
    }

    /** Forgets the faults not used yet: the real handler runs from the next call on. */
    public StepFaults reset() {
        lock.lock();
        try {
            planned.clear();
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** The fault for the next call, or null to run the real handler. */
    Planned next() {
        lock.lock();
        try {
            Planned p = planned.peekFirst();
            if (p != null && p.remaining != ALWAYS && --p.remaining == 0) {
                planned.pollFirst();
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    private StepFaults add(Invocation.Kind kind, Exception exception, int times) {
        lock.lock();
        try {
            Planned last = planned.peekLast();
            if (last != null && last.remaining == ALWAYS) {
                throw new IllegalStateException("step '" + step + "' already fails on every call (" + last.kind
                        + "); nothing can follow: reset() first");
            }
            planned.addLast(new Planned(kind, exception, times));
        } finally {
            lock.unlock();
        }
        return this;
    }

    private static int positive(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        return times;
    }

    /** One queued fault; {@code remaining} counts down, or is -1 for every call. */
    static final class Planned {
        final Invocation.Kind kind;
        final Exception exception;
        int remaining;

        Planned(Invocation.Kind kind, Exception exception, int remaining) {
            this.kind = kind;
            this.exception = exception;
            this.remaining = remaining;
        }
    }
}
