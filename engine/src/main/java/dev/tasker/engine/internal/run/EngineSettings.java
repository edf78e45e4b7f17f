package dev.tasker.engine.internal.run;

import dev.tasker.engine.Limits;
import dev.tasker.engine.internal.support.JsonMapping;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.event.Level;

/**
 * The engine loop's settings, fixed when the engine is built.
 *
 * @param nodeId this engine's id in the audit
 * @param maxConcurrentSteps the global cap on running steps
 * @param maxConcurrentStepsPerTemplate caps by template key ({@code namespace/name}); absent = no cap
 * @param defaultStepTimeout for steps without {@code timeout_seconds}
 * @param jitterFraction backoff jitter, e.g. 0.15 for ±15%; 0 for none
 * @param random the jitter's source
 * @param checkpointHistoryLimit how many checkpoint history entries a step keeps
 * @param shutdownGrace how long close() lets running handlers finish
 * @param maxCommandsPerCommit at most this many commands share one transaction
 * @param staleness when tasks count as stale, and how often to look
 * @param limits the size policy of stored values
 * @param taskFinishedLogLevel the level of the one line logged per finished task; null: none
 * @param json how Java values become JSON and back (handler parameters and results, operator results)
 */
public record EngineSettings(
        String nodeId,
        int maxConcurrentSteps,
        Map<String, Integer> maxConcurrentStepsPerTemplate,
        Duration defaultStepTimeout,
        double jitterFraction,
        RandomGenerator random,
        int checkpointHistoryLimit,
        Duration shutdownGrace,
        int maxCommandsPerCommit,
        Staleness staleness,
        Limits limits,
        Level taskFinishedLogLevel,
        JsonMapping json) {

    public int templateLimit(String namespace, String name) {
        return maxConcurrentStepsPerTemplate.getOrDefault(namespace + "/" + name, Integer.MAX_VALUE);
    }
}
