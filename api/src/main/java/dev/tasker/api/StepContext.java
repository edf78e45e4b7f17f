package dev.tasker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything a handler may read about the step it runs. Made by the engine for each attempt and
 * passed explicitly to {@link StepHandler#call} (never a thread-local).
 *
 * <p>Conversions ({@code Class<T>} variants) use the engine's Jackson mapper and its naming rule
 * (snake_case data, camelCase record components and POJO properties; see {@link Handler}); a value of the
 * wrong shape throws {@link PermanentError} naming the key, since retrying cannot fix it.
 */
public interface StepContext {

    /** The task's input (its context) as JSON; an empty object when the task had none. */
    JsonNode inputData();

    /** One top-level field of the task input, or {@code null} when absent. */
    @Nullable
    JsonNode getInput(String key);

    /** One top-level field of the task input converted to {@code type}, or {@code null} when absent. */
    <T> @Nullable T getInput(String key, Class<T> type);

    /**
     * The result of an ancestor step (any transitive ancestor, not only a direct parent),
     * or {@code null} if there is no such completed ancestor.
     */
    @Nullable
    JsonNode getDependencyResult(String stepName);

    /** The result of an ancestor step converted to {@code type}, or {@code null}. */
    <T> @Nullable T getDependencyResult(String stepName, Class<T> type);

    /**
     * A field inside an ancestor's result, following object keys (and array indexes given as
     * numbers), or {@code null} if any level is missing.
     */
    @Nullable
    JsonNode getDependencyField(String stepName, String... path);

    /**
     * The results of every completed ancestor whose name starts with {@code prefix}, in name order;
     * how an aggregator reads its batch workers ({@code process_batch_}).
     */
    Map<String, JsonNode> getDependencyResults(String prefix);

    /**
     * The errors of ancestor steps that failed permanently but did not stop this step: batch workers whose
     * batch runs with {@code failure_strategy: continue_on_failure}. By step name; empty when none failed.
     */
    default Map<String, JsonNode> failedDependencies() {
        return Map.of();
    }

    /** The step's {@code handler.initialization}, resolved for the engine's environment. */
    JsonNode stepConfig();

    /** One key of {@link #stepConfig()}, or {@code null}. */
    @Nullable
    JsonNode getConfig(String key);

    /**
     * The inputs the engine stored on this step row: for batch workers the {@code cursor},
     * {@code batch_metadata} and {@code is_no_op}; an empty object for ordinary steps.
     */
    JsonNode stepInputs();

    /** The step's name in this task (a batch worker's includes its batch id). */
    String stepName();

    /** The task's id. */
    UUID taskId();

    /** The step's id. */
    UUID stepId();

    /** The task's namespace. */
    String namespace();

    /** The task template's name. */
    String taskName();

    /** The task's correlation id (for tracing across systems). */
    String correlationId();

    /** This attempt, 1-based: 1 on the first run, 2 on the first retry. */
    int attempt();

    /** The most attempts this step gets, counting the first. */
    int maxAttempts();

    /** True when this is not the first attempt. */
    default boolean isRetry() {
        return attempt() > 1;
    }

    /** True when a failure of this attempt will not be retried for lack of attempts. */
    default boolean isLastRetry() {
        return attempt() >= maxAttempts();
    }

    /** The last checkpoint this step saved, if any (kept across retries). */
    Optional<Checkpoint> checkpoint();

    /**
     * True once the engine has asked this attempt to stop (timeout or task cancellation).
     * Long loops should check it, or {@link Thread#isInterrupted()}, and return.
     */
    boolean isCancelled();
}
