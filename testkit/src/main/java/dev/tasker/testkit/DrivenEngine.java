package dev.tasker.testkit;

import dev.tasker.engine.EngineStats;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The engine under test and how the kit drives it: builds it, kills and restarts it, waits until it is
 * quiescent, and moves the manual clock to each next wake-up.
 *
 * <p>Quiescent means: after a cycle that began once everything before it had been posted, nothing is
 * running, queued or waiting in the engine's inbox ({@code stats().idle()}), or only injected hangs are
 * running (which only a timeout will end), and no handler interrupted at its timeout is still on its way
 * back ({@code stats().stuckHandlers() == 0}). To be sure the stats are that fresh, the kit ticks the clock
 * by zero, which makes the loop run a cycle, and waits for a new stats object (the loop publishes one per
 * cycle). Only then is it safe to jump the clock: a running handler never sees time jump under it.
 *
 * <p>An engine with recurring schedules fires them on a thread of its own: quiescent also means that their last
 * round began at the clock's time ({@code stats().schedulesFiredUpTo()}), so the tasks of the fires come due
 * are submitted; and their next fire time is one of the engine's wake-ups, where the clock stops.
 *
 * <p>The interrupted handlers matter because the engine frees a timed-out attempt's slot at the timeout but
 * holds its next attempt back until the handler's thread returns (attempts never overlap): until then the
 * engine counts nothing running or queued and is {@code idle}, with no wake-up, while a retry is due.
 */
final class DrivenEngine {
    private static final Duration RESTART_WAIT = Duration.ofSeconds(30);

    private final Supplier<Tasker> build;
    private final ManualClock clock;
    private final IntSupplier liveHangs;
    private final AtomicReference<CompletableFuture<Tasker>> restart =
            new AtomicReference<>(CompletableFuture.completedFuture(null));
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Tasker current;

    DrivenEngine(Supplier<Tasker> build, ManualClock clock, IntSupplier liveHangs) {
        this.build = build;
        this.clock = clock;
        this.liveHangs = liveHangs;
    }

    boolean started() {
        return current != null;
    }

    /** The engine, built on first use; waits out a restart in progress. */
    Tasker engine(long deadline) {
        if (current == null) {
            current = build.get();
        }
        CompletableFuture<Tasker> pending = restart.get();
        try {
            pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the engine did not restart in time after a crash");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the engine restarted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the engine failed to restart after a crash: " + e.getCause(), e.getCause());
        }
        return current;
    }

    int restarts() {
        return restarts.get();
    }

    private boolean restarting() {
        return !restart.get().isDone();
    }

    /**
     * Kills the engine as {@code kill -9} would, on another thread (the caller may be a handler of that
     * engine): built with no shutdown grace, it stops at once, interrupting running handlers, whose outcomes
     * are never recorded. Then builds a new engine on the same database and clock, which recovers the tasks.
     * While a restart is in progress, the caller waits for it: a handler of the engine being closed is interrupted
     * meanwhile and asks for nothing more; a handler of the engine being built (recovery starts running tasks
     * before {@code build()} returns) gets its crash once that engine is up, instead of being ignored and left
     * waiting forever.
     */
    void crash() {
        CompletableFuture<Tasker> before = restart.get();
        while (!before.isDone()) {
            try {
                before.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // this handler's engine was the one closed
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                return;
            }
            before = restart.get();
        }
        CompletableFuture<Tasker> next = new CompletableFuture<>();
        if (!restart.compareAndSet(before, next)) {
            return;
        }
        Tasker dying = current;
        Thread.ofPlatform().name("tasker-testkit-crash").daemon(true).start(() -> {
            try {
                dying.close();
                current = build.get();
                restarts.incrementAndGet();
                next.complete(current);
            } catch (RuntimeException | Error e) {
                next.completeExceptionally(e);
            }
        });
    }

    /** Waits until the engine is quiescent (see the class comment) and returns its stats then. */
    EngineStats awaitQuiescent(long deadline, Supplier<String> waiting) {
        Supplier<String> waitingFor = () -> waiting.get() + stuckNote();
        while (true) {
            Tasker t = engine(deadline);
            EngineStats before = t.stats();
            clock.advance(Duration.ZERO);
            EngineStats s = before;
            while (s == before && t == current && !restarting()) {
                pause(deadline, waitingFor);
                s = t.stats();
            }
            if (s == before || t != current || restarting()) {
                continue;
            }
            if (quiescent(s)) {
                return s;
            }
            pause(deadline, waitingFor);
        }
    }

    /**
     * Idle, or only live injected hangs running; either way with no interrupted handler still to return (its
     * outcome, and the next attempt held back for it, are still to come).
     */
    private boolean quiescent(EngineStats s) {
        if (s.stuckHandlers() > 0) {
            return false;
        }
        Instant fired = s.schedulesFiredUpTo();
        if (fired != null && fired.isBefore(clock.instant())) {
            return false; // the schedules have not yet fired what the clock's last move made due
        }
        return s.idle() || s.runningSteps() > 0 && s.runningSteps() == liveHangs.getAsInt();
    }

    /** Drives the task until it settles, jumping the clock to each wake-up while the engine is quiescent. */
    TaskSnapshot runToCompletion(UUID taskId, long deadline) {
        Supplier<String> waitingFor = () -> "task " + taskId + " to settle; it is " + describe(taskId);
        while (true) {
            EngineStats s = awaitQuiescent(deadline, waitingFor);
            TaskSnapshot snap = snapshot(taskId);
            if (snap == null) {
                continue;
            }
            if (settled(snap)) {
                return snap;
            }
            Instant wake = s.nextWakeUp();
            if (wake == null) {
                return snap; // nothing more happens by itself: the caller sees where it stopped
            }
            if (wake.isAfter(clock.instant())) {
                clock.set(wake);
            }
            pause(deadline, waitingFor);
        }
    }

    /** Lets {@code by} of simulated time pass, stopping at each wake-up on the way so events keep their times. */
    EngineStats advance(Duration by, long deadline) {
        Instant target = clock.instant().plus(by);
        Supplier<String> waitingFor = () -> "the engine to be idle while advancing the clock to " + target;
        while (true) {
            EngineStats s = awaitQuiescent(deadline, waitingFor);
            Instant wake = s.nextWakeUp();
            if (wake == null || wake.isAfter(target)) {
                break;
            }
            if (wake.isAfter(clock.instant())) {
                clock.set(wake);
            }
            pause(deadline, waitingFor);
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
        return awaitQuiescent(deadline, waitingFor);
    }

    /** Moves the clock to the engine's next wake-up, if it has one, and waits until it is quiescent again. */
    Optional<Instant> advanceToNextWakeUp(long deadline) {
        Supplier<String> waitingFor = () -> "the engine to be idle";
        Instant wake = awaitQuiescent(deadline, waitingFor).nextWakeUp();
        if (wake == null) {
            return Optional.empty();
        }
        if (wake.isAfter(clock.instant())) {
            clock.set(wake);
        }
        awaitQuiescent(deadline, waitingFor);
        return Optional.of(wake);
    }

    /** The stored task, or null when the engine changed under the read (a crash). */
    TaskSnapshot snapshot(UUID taskId) {
        Tasker t = current;
        try {
            return t.task(taskId).orElseThrow(() -> new IllegalArgumentException("there is no task " + taskId));
        } catch (RuntimeException e) {
            if (t != current || restarting()) {
                return null;
            }
            throw e;
        }
    }

    /** Closes the engine (after a restart in progress); true when one had been started. */
    boolean close() {
        try {
            restart.get().get(RESTART_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException | CompletionException e) {
            // the engine it was building is not there to close
        }
        Tasker t = current;
        if (t == null) {
            return false;
        }
        t.close();
        return true;
    }

    static boolean settled(TaskSnapshot s) {
        return s.state().isTerminal()
                || s.state() == TaskState.BLOCKED_BY_FAILURES
                        && s.steps().stream().noneMatch(step -> step.state() == StepState.IN_PROGRESS);
    }

    private String describe(UUID taskId) {
        try {
            TaskSnapshot s = snapshot(taskId);
            return s == null ? "(the engine is restarting)" : Snapshots.describe(s);
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Why the kit may be waiting although nothing seems to run: handlers that outlived their timeout. */
    private String stuckNote() {
        Tasker t = current;
        int stuck = t == null ? 0 : t.stats().stuckHandlers();
        return stuck == 0
                ? ""
                : "\n  " + stuck + " handler(s) interrupted at their step's timeout have not returned"
                        + " (they ignore interruption?); their step's next attempt and their task wait for them";
    }

    private static void pause(long deadline, Supplier<String> waitingFor) {
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("timed out (in real time) waiting for " + waitingFor.get());
        }
        LockSupport.parkNanos(50_000);
    }
}
