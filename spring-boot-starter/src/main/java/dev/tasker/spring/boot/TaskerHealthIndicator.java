package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The engine's {@link Tasker#health()} as an Actuator health indicator (named {@code tasker}): {@code UP} and
 * {@code DOWN} as they are, {@code DEGRADED} as the status {@value #DEGRADED_CODE}, with one detail per part (its
 * status and sentence), the node id and when it was checked. Actuator orders unknown statuses after its own, so a
 * {@code DEGRADED} engine leaves the application {@code UP} unless {@code management.endpoint.health.status.order}
 * names it. A {@link ManagedTasker} that is not running is {@code DOWN}.
 */
public final class TaskerHealthIndicator implements HealthIndicator {
    /** The status code of a degraded engine. */
    public static final String DEGRADED_CODE = "DEGRADED";

    private static final Status DEGRADED = new Status(DEGRADED_CODE, "working, but something needs a look");

    private final Tasker tasker;

    public TaskerHealthIndicator(Tasker tasker) {
        this.tasker = tasker;
    }

    @Override
    public Health health() {
        if (tasker instanceof ManagedTasker managed && !managed.isRunning()) {
            return Health.down().withDetail("engine", "not running").build();
        }
        TaskerHealth health = tasker.health();
        Health.Builder builder = Health.status(
                switch (health.status()) {
                    case UP -> Status.UP;
                    case DEGRADED -> DEGRADED;
                    case DOWN -> Status.DOWN;
                });
        builder.withDetail("node", tasker.nodeId());
        builder.withDetail("checkedAt", health.checkedAt().toString());
        for (TaskerHealth.Part part : health.parts()) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("status", part.status().name());
            detail.put("detail", part.detail());
            builder.withDetail(part.name(), detail);
        }
        return builder.build();
    }
}
