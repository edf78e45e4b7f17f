package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.StepState;
import dev.tasker.engine.internal.support.Json;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a claimed attempt once its claim is committed, on the loop thread: builds the step's context
 * (ancestor results, tolerated failures, cancel flag) and hands it to the {@link StepLauncher}; the
 * outcome comes back as a {@link Command.Finished}. A batch's no-op placeholder finishes without a handler.
 */
final class AttemptStarter {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptStarter.class);

    private final StepLauncher launcher;
    private final Consumer<Command> post;
    private final Observers observers;
    private final java.time.InstantSource clock;

    AttemptStarter(StepLauncher launcher, Consumer<Command> post, Observers observers, java.time.InstantSource clock) {
        this.launcher = launcher;
        this.post = post;
        this.observers = observers;
        this.clock = clock;
    }

    /**
     * Tells the instrumentations that the attempt starts, once per attempt (a handler relaunched after a
     * checkpoint yield continues the attempt it began).
     */
    private void observe(StepRun s) {
        if (!observers.active() || s.observed != null) {
            return;
        }
        java.time.Instant now = clock.instant();
        java.time.Instant ready = s.readyAt != null ? s.readyAt : now;
        s.readyAt = null;
        s.observed = observers.attemptStarted(new dev.tasker.engine.observe.StepAttempt(
                s.task.info(observers), s.id, s.name, s.templateStepName, Math.max(1, s.attempts), ready, now));
    }

    /** Starts the handler (after the claim is committed); runs on the loop thread. */
    void start(StepRun s, long invocation) {
        if (s.task.evicted || s.state != StepState.IN_PROGRESS || s.invocation != invocation) {
            return;
        }
        observe(s);
        if (s.inputs.path("is_no_op").asBoolean(false)) {
            ObjectNode noOp = Json.object()
                    .put("no_op", true)
                    .put("batch_id", s.inputs.path("cursor").path("batch_id").asText());
            post.accept(new Command.Finished(
                    s, invocation, new Outcome.Succeeded(noOp, Json.write(noOp), Json.object(), Outcome.Kind.RESULT)));
            return;
        }
        s.cancelFlag = new AtomicBoolean();
        Map<String, JsonNode> failed = new TreeMap<>();
        EngineStepContext ctx =
                new EngineStepContext(s, ancestorResults(s, failed), failed, s.cancelFlag, launcher.json());
        try {
            StepExecution started = launcher.launch(
                    s, ctx, s.observed, outcome -> post.accept(new Command.Finished(s, invocation, outcome)));
            s.execution = started.future;
            s.handler = started;
            s.handlerInvocation = invocation;
            s.task.handlersAlive++;
        } catch (RuntimeException e) {
            try (LogContext ignored = LogContext.step(s, null)) {
                LOG.error("cannot start step {}: {}", s, e.toString());
            }
            post.accept(new Command.Finished(s, invocation, StepExecution.fromThrowable(e)));
        }
    }

    /** The results of every completed transitive ancestor, by name. */
    private static Map<String, JsonNode> ancestorResults(StepRun s, Map<String, JsonNode> failed) {
        Map<String, JsonNode> out = new HashMap<>();
        ArrayDeque<StepRun> todo = new ArrayDeque<>(s.parents);
        Set<StepRun> seen = new HashSet<>(s.parents);
        while (!todo.isEmpty()) {
            StepRun p = todo.poll();
            if (p.result != null && p.state.satisfiesDependents()) {
                out.put(p.name, p.result);
            } else if (p.tolerated && p.error != null) {
                failed.put(p.name, p.error);
            }
            for (StepRun gp : p.parents) {
                if (seen.add(gp)) {
                    todo.add(gp);
                }
            }
        }
        return out;
    }
}
