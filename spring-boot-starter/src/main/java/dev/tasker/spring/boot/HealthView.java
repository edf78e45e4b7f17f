package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerHealth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Tasker's health as Actuator shows it, whatever Actuator's version: a status code ({@code UP}, {@code DOWN},
 * {@value #DEGRADED}) and the details: the node id, when it was checked, and each part's status and sentence.
 */
record HealthView(String status, Map<String, Object> details) {
    /** The status code of a degraded engine. */
    static final String DEGRADED = "DEGRADED";

    static final String DEGRADED_DESCRIPTION = "working, but something needs a look";

    static HealthView of(Tasker tasker) {
        if (tasker instanceof ManagedTasker managed && !managed.isRunning()) {
            return new HealthView("DOWN", Map.of("engine", "not running"));
        }
        TaskerHealth health = tasker.health();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", tasker.nodeId());
        details.put("checkedAt", health.checkedAt().toString());
        for (TaskerHealth.Part part : health.parts()) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("status", part.status().name());
            detail.put("detail", part.detail());
            details.put(part.name(), detail);
        }
        return new HealthView(health.status().name(), details);
    }
}
