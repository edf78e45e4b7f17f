package dev.tasker.testkit;

import dev.tasker.api.RetryableError;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The decorator the kit puts around every step's handler (through {@code TaskerBuilder.decorateHandlers}):
 * records each call, runs the step's next planned fault instead of the handler when there is one, and
 * keeps count of the calls hanging and in flight so the environment knows when only hangs are left
 * running and whether a handler outlived its engine.
 */
final class FaultInjector {
    private final Map<String, StepFaults> byStep = new ConcurrentHashMap<>();
    private final Queue<Invocation> invocations = new ConcurrentLinkedQueue<>();
    private final Set<StepContext> hanging = ConcurrentHashMap.newKeySet();
    private final Map<StepContext, String> inFlight = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Consumer<StepContext> crash;

    /** @param crash kills and restarts the engine; called on the handler's thread; waits (interruptibly) only while a restart is in progress */
    FaultInjector(InstantSource clock, Consumer<StepContext> crash) {
        this.clock = clock;
        this.crash = crash;
    }

    StepFaults forStep(String step) {
        return byStep.computeIfAbsent(step, StepFaults::new);
    }

    StepHandler wrap(StepHandler real) {
        return ctx -> call(real, ctx);
    }

    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** Hanging calls whose attempt the engine has not yet given up on (timed out or cancelled). */
    int liveHangs() {
        int n = 0;
        for (StepContext c : hanging) {
            if (!c.isCancelled()) {
                n++;
            }
        }
        return n;
    }

    /** The steps whose handlers are running now. */
    List<String> inFlight() {
        return List.copyOf(inFlight.values());
    }

    private StepHandlerResult call(StepHandler real, StepContext ctx) throws Exception {
        StepFaults faults = byStep.get(ctx.stepName());
        StepFaults.Planned fault = faults == null ? null : faults.next();
        invocations.add(new Invocation(
                ctx.taskId(),
                ctx.stepName(),
                ctx.attempt(),
                clock.instant(),
                fault == null ? Invocation.Kind.HANDLER : fault.kind));
        inFlight.put(ctx, ctx.stepName());
        try {
            if (fault == null) {
                return real.call(ctx);
            }
            switch (fault.kind) {
                case FAILURE ->
                    throw new RetryableError(
                            "injected failure of step '" + ctx.stepName() + "' (attempt " + ctx.attempt() + ")");
                case EXCEPTION -> throw fault.exception;
                case HANG -> {
                    hanging.add(ctx);
                    try {
                        blockUntilInterrupted();
                    } finally {
                        hanging.remove(ctx);
                    }
                }
                case CRASH -> {
                    crash.accept(ctx);
                    blockUntilInterrupted();
                }
                case HANDLER -> {
                    return real.call(ctx);
                }
            }
            throw new IllegalStateException("unreachable");
        } finally {
            inFlight.remove(ctx);
        }
    }

    private static void blockUntilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
