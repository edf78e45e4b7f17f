package dev.tasker.engine.internal.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.Checkpoint;
import dev.tasker.api.StepContext;
import dev.tasker.engine.internal.support.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A StepContext made by hand, to call handlers without an engine. */
final class FakeStepContext implements StepContext {
    private final ObjectNode input = Json.object();
    private final ObjectNode config = Json.object();
    private final Map<String, JsonNode> results = new HashMap<>();

    FakeStepContext input(String key, Object value) {
        input.set(key, Json.toNode(value));
        return this;
    }

    FakeStepContext config(String key, Object value) {
        config.set(key, Json.toNode(value));
        return this;
    }

    FakeStepContext result(String step, Object value) {
        results.put(step, Json.toNode(value));
        return this;
    }

    @Override
    public JsonNode inputData() {
        return input;
    }

    @Override
    public JsonNode getInput(String key) {
        return input.get(key);
    }

    @Override
    public <T> T getInput(String key, Class<T> type) {
        return Json.convert(getInput(key), type);
    }

    @Override
    public JsonNode getDependencyResult(String stepName) {
        return results.get(stepName);
    }

    @Override
    public <T> T getDependencyResult(String stepName, Class<T> type) {
        return Json.convert(getDependencyResult(stepName), type);
    }

    @Override
    public JsonNode getDependencyField(String stepName, String... path) {
        JsonNode n = getDependencyResult(stepName);
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n;
    }

    @Override
    public Map<String, JsonNode> getDependencyResults(String prefix) {
        return Map.copyOf(results);
    }

    @Override
    public JsonNode stepConfig() {
        return config;
    }

    @Override
    public JsonNode getConfig(String key) {
        return config.get(key);
    }

    @Override
    public JsonNode stepInputs() {
        return Json.object();
    }

    @Override
    public String stepName() {
        return "step";
    }

    @Override
    public UUID taskId() {
        return new UUID(0, 1);
    }

    @Override
    public UUID stepId() {
        return new UUID(0, 2);
    }

    @Override
    public String namespace() {
        return "ns";
    }

    @Override
    public String taskName() {
        return "task";
    }

    @Override
    public String correlationId() {
        return "corr";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public int maxAttempts() {
        return 3;
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return Optional.empty();
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
