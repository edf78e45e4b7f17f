package dev.tasker.engine.internal.run;

import dev.tasker.engine.internal.handler.HandlerRegistry;
import dev.tasker.engine.internal.support.JsonMapping;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** Starts handler invocations on the engine's executor (a virtual thread per invocation by default). */
public final class StepLauncher {
    private final ExecutorService executor;
    private final HandlerRegistry handlers;
    private final InstantSource clock;
    private final ValueLimits limits;
    private final JsonMapping json;
    private final String nodeId;

    public StepLauncher(
            ExecutorService executor,
            HandlerRegistry handlers,
            InstantSource clock,
            ValueLimits limits,
            JsonMapping json,
            String nodeId) {
        this.json = json;
        this.executor = executor;
        this.nodeId = nodeId;
        this.handlers = handlers;
        this.clock = clock;
        this.limits = limits;
    }

    /** How this engine converts Java values (step contexts read with it). */
    JsonMapping json() {
        return json;
    }

    /** @return the started execution; its {@code future} cancels it */
    StepExecution launch(StepRun step, EngineStepContext context, Observers.Attempt observed, Consumer<Outcome> reply) {
        StepExecution execution = new StepExecution(
                handlers.handlerFor(step.definition), context, clock, limits, json, nodeId, observed, reply);
        execution.future = executor.submit(execution);
        return execution;
    }
}
