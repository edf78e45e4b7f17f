package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The engine's {@link Tasker#health()} as a Boot 4 health indicator (named {@code tasker}): {@code UP} and
 * {@code DOWN} as they are, {@code DEGRADED} as the status {@value #DEGRADED_CODE}, with one detail per part (its
 * status and sentence), the node id and when it was checked. Actuator orders unknown statuses after its own, so a
 * {@code DEGRADED} engine leaves the application {@code UP} unless {@code management.endpoint.health.status.order}
 * names it. A {@link ManagedTasker} that is not running is {@code DOWN}.
 */
public final class TaskerHealthIndicator implements HealthIndicator {
    /** The status code of a degraded engine. */
    public static final String DEGRADED_CODE = HealthView.DEGRADED;

    private final Tasker tasker;

    public TaskerHealthIndicator(Tasker tasker) {
        this.tasker = tasker;
    }

    @Override
    public Health health() {
        HealthView view = HealthView.of(tasker);
        Status status = switch (view.status()) {
            case "UP" -> Status.UP;
            case "DOWN" -> Status.DOWN;
            default -> new Status(view.status(), HealthView.DEGRADED_DESCRIPTION);
        };
        return Health.status(status).withDetails(view.details()).build();
    }
}
