package dev.tasker.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.StepEdge;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskSummary;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.TaskTemplate;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The JSON the dashboard's pages read; every context, result, error and audit detail passes the redactor. */
final class Views {
    /** The dashboard's JSON mapper (plain trees only). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final Redactor redactor;

    /** Views that hide what {@code redactor} hides. */
    public Views(Redactor redactor) {
        this.redactor = redactor;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static @Nullable String time(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }

    /** A line of the task list: the task and how many of its steps are in each state. */
    public ObjectNode summary(TaskSummary t) {
        ObjectNode o = object();
        o.put("id", t.taskId().toString());
        o.put("namespace", t.namespace());
        o.put("name", t.name());
        o.put("version", t.version());
        o.put("state", t.state().wireName());
        o.put("priority", t.priority());
        o.put("createdAt", time(t.createdAt()));
        o.put("completedAt", time(t.completedAt()));
        ObjectNode steps = o.putObject("steps");
        t.steps().forEach((state, n) -> steps.put(state.wireName(), n));
        return o;
    }

    /** The head of the task page: the task and how many of its steps are in each state. */
    public ObjectNode summary(TaskSnapshot t) {
        ObjectNode o = object();
        o.put("id", t.taskId().toString());
        o.put("namespace", t.namespace());
        o.put("name", t.name());
        o.put("version", t.version());
        o.put("state", t.state().wireName());
        o.put("priority", t.priority());
        o.put("createdAt", time(t.createdAt()));
        o.put("completedAt", time(t.completedAt()));
        o.put("runAt", time(t.runAt()));
        Map<String, Integer> byState = new TreeMap<>();
        for (StepSnapshot s : t.steps()) {
            byState.merge(s.state().wireName(), 1, Integer::sum);
        }
        ObjectNode steps = o.putObject("steps");
        byState.forEach(steps::put);
        return o;
    }

    /** The task page: the task, its steps, its graph as planned and as created, and its audit. */
    public ObjectNode task(TaskSnapshot t, @Nullable TaskTemplate template, @Nullable AuditTrail audit) {
        ObjectNode o = summary(t);
        o.put("correlationId", t.correlationId());
        o.set("context", redactor.redact(t.context()));
        ArrayNode steps = o.putArray("stepList");
        for (StepSnapshot s : t.steps()) {
            ObjectNode step = steps.addObject();
            step.put("id", s.stepId().toString());
            step.put("name", s.name());
            step.put("templateStep", s.templateStepName());
            step.put("state", s.state().wireName());
            step.put("attempts", s.attempts());
            step.put("maxAttempts", s.maxAttempts());
            step.set("result", redactor.redact(s.result()));
            step.set("error", redactor.redact(s.error()));
            step.put("lastAttemptedAt", time(s.lastAttemptedAt()));
            step.put("nextAttemptAt", time(s.nextAttemptAt()));
            step.put("completedAt", time(s.completedAt()));
            step.put("waitingReason", s.waitingReason());
            if (template != null) {
                template.step(s.templateStepName())
                        .ifPresent(d -> step.put("type", d.type().yamlName()));
            }
        }
        ArrayNode edges = o.putArray("edges");
        for (StepEdge e : t.edges()) {
            edges.addObject().put("from", e.from()).put("to", e.to());
        }
        if (template != null) {
            o.set("planned", plannedSteps(template));
        }
        if (audit != null) {
            o.set("audit", audit(audit));
        }
        return o;
    }

    /** A template's steps with their types, handlers and dependencies. */
    public ArrayNode plannedSteps(TaskTemplate template) {
        ArrayNode planned = array();
        for (StepDefinition d : template.steps()) {
            ObjectNode step = planned.addObject();
            step.put("name", d.name());
            step.put("type", d.type().yamlName());
            step.put("handler", d.handler().callable());
            ArrayNode deps = step.putArray("dependencies");
            d.dependencies().forEach(deps::add);
        }
        return planned;
    }

    /** A template as the templates page shows it. */
    public ObjectNode template(TaskTemplate template) {
        ObjectNode o = object();
        o.put("namespace", template.namespace());
        o.put("name", template.name());
        o.put("version", template.version());
        o.put("description", template.description());
        o.set("steps", plannedSteps(template));
        return o;
    }

    /** The audit trail, oldest first. */
    public ObjectNode audit(AuditTrail audit) {
        ObjectNode o = object();
        ArrayNode task = o.putArray("task");
        for (TaskTransition t : audit.task()) {
            ObjectNode row = task.addObject();
            row.put("from", t.fromState() == null ? null : t.fromState().wireName());
            row.put("to", t.toState().wireName());
            row.put("at", time(t.at()));
            row.put("node", t.nodeId());
            row.put("actor", t.actor());
            row.put("reason", t.reason());
            row.set("details", redactor.redactText(t.metadataJson()));
        }
        ArrayNode steps = o.putArray("steps");
        for (StepTransition t : audit.steps()) {
            ObjectNode row = steps.addObject();
            row.put("step", t.stepName());
            row.put("from", t.fromState() == null ? null : t.fromState().wireName());
            row.put("to", t.toState().wireName());
            row.put("at", time(t.at()));
            row.put("attempt", t.attempt());
            row.put("node", t.nodeId());
            row.put("actor", t.actor());
            row.put("reason", t.reason());
            row.set("details", redactor.redactText(t.metadataJson()));
        }
        return o;
    }

    /** A DLQ entry with its (redacted) snapshot. */
    public ObjectNode dlq(DlqEntry e) {
        ObjectNode o = object();
        o.put("id", e.entryId().toString());
        o.put("taskId", e.taskId().toString());
        o.put("reason", e.reason());
        o.put("status", e.status());
        o.put("notes", e.notes());
        o.put("resolvedBy", e.resolvedBy());
        o.put("createdAt", time(e.createdAt()));
        o.put("resolvedAt", time(e.resolvedAt()));
        o.set("snapshot", redactor.redact(e.snapshot()));
        return o;
    }

    /** A node of the cluster with its lease. */
    public ObjectNode node(NodeInfo n) {
        ObjectNode o = object();
        o.put("id", n.nodeId());
        o.put("epoch", n.epoch());
        o.put("status", n.status());
        o.put("startedAt", time(n.startedAt()));
        o.put("heartbeatAt", time(n.heartbeatAt()));
        o.put("leaseExpiresAt", time(n.leaseExpiresAt()));
        o.put("unfinishedTasks", n.unfinishedTasks());
        return o;
    }

    /** JSON text bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
