package dev.tasker.spring.boot;

import dev.tasker.engine.Tasker;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** {@link TaskerHealthIndicator} for Spring Boot 3.5, whose Actuator has its health types in another package. */
public final class TaskerBoot3HealthIndicator implements HealthIndicator {
    private final Tasker tasker;

    public TaskerBoot3HealthIndicator(Tasker tasker) {
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
