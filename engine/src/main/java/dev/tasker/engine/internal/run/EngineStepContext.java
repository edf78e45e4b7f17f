package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.Checkpoint;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonMapping;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's {@link StepContext}: an immutable view built by the loop thread at launch, so a
 * handler thread never touches live engine state.
 */
public final class EngineStepContext implements StepContext {
    private final UUID taskId;
    private final UUID stepId;
    private final String namespace;
    private final String taskName;
    private final String correlationId;
    private final String stepName;
    private final JsonNode input;
    private final JsonNode config;
    private final JsonNode stepInputs;
    private final Map<String, JsonNode> ancestorResults;
    private final Map<String, JsonNode> failedAncestors;
    private final int attempt;
    private final int maxAttempts;
    private final Checkpoint checkpoint;
    private final AtomicBoolean cancelled;
    private final JsonMapping json;

    EngineStepContext(
            StepRun step,
            Map<String, JsonNode> ancestorResults,
            Map<String, JsonNode> failedAncestors,
            AtomicBoolean cancelled,
            JsonMapping json) {
        this.json = json;
        this.failedAncestors = failedAncestors;
        TaskRun task = step.task;
        this.taskId = task.id;
        this.stepId = step.id;
        this.namespace = task.template.namespace();
        this.taskName = task.template.name();
        this.correlationId = task.correlationId;
        this.stepName = step.name;
        this.input = task.context;
        JsonNode init = step.definition.handler().initialization();
        this.config = init == null ? Json.object() : init;
        this.stepInputs = step.inputs;
        this.ancestorResults = ancestorResults;
        this.attempt = step.attempts;
        this.maxAttempts = step.maxAttempts();
        this.checkpoint = toCheckpoint(step.checkpoint);
        this.cancelled = cancelled;
    }

    private static Checkpoint toCheckpoint(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        JsonNode ts = c.get("timestamp");
        JsonNode history = c.get("history");
        JsonNode count = c.get("count");
        return new Checkpoint(
                c.get("cursor"),
                c.path("items_processed").asLong(),
                c.get("accumulated_results"),
                ts == null || ts.isNull() ? null : Instant.parse(ts.asText()),
                count != null ? count.asInt() : history == null ? 1 : history.size());
    }

    @Override
    public JsonNode inputData() {
        return input;
    }

    @Override
    public JsonNode getInput(String key) {
        return present(input.get(key));
    }

    @Override
    public <T> T getInput(String key, Class<T> type) {
        return convert(getInput(key), type, "input '" + key + "'");
    }

    @Override
    public JsonNode getDependencyResult(String name) {
        return ancestorResults.get(name);
    }

    @Override
    public <T> T getDependencyResult(String name, Class<T> type) {
        return convert(getDependencyResult(name), type, "the result of step '" + name + "'");
    }

    @Override
    public JsonNode getDependencyField(String name, String... path) {
        JsonNode node = getDependencyResult(name);
        for (String key : path) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && key.chars().allMatch(Character::isDigit)
                    ? node.get(Integer.parseInt(key))
                    : node.get(key);
        }
        return present(node);
    }

    @Override
    public Map<String, JsonNode> getDependencyResults(String prefix) {
        Map<String, JsonNode> out = new TreeMap<>();
        ancestorResults.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public Map<String, JsonNode> failedDependencies() {
        return failedAncestors;
    }

    @Override
    public JsonNode stepConfig() {
        return config;
    }

    @Override
    public JsonNode getConfig(String key) {
        return present(config.get(key));
    }

    @Override
    public JsonNode stepInputs() {
        return stepInputs;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    @Override
    public UUID taskId() {
        return taskId;
    }

    @Override
    public UUID stepId() {
        return stepId;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isMissingNode() ? null : n;
    }

    private <T> T convert(JsonNode node, Class<T> type, String what) {
        try {
            return json.convert(node, type);
        } catch (IllegalArgumentException e) {
            throw new PermanentError("cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
