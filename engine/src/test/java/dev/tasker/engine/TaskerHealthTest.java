package dev.tasker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.TaskerHealth.Part;
import dev.tasker.engine.TaskerHealth.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskerHealthTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static Part part(String name, Status status) {
        return new Part(name, status, name + " is " + status);
    }

    @Test
    void the_overall_status_is_the_worst_of_the_parts() {
        assertEquals(
                Status.UP, TaskerHealth.of(AT, List.of(part("loop", Status.UP))).status());
        assertEquals(
                Status.DEGRADED,
                TaskerHealth.of(AT, List.of(part("loop", Status.UP), part("handlers", Status.DEGRADED)))
                        .status());
        assertEquals(
                Status.DOWN,
                TaskerHealth.of(
                                AT,
                                List.of(
                                        part("lease", Status.DOWN),
                                        part("handlers", Status.DEGRADED),
                                        part("loop", Status.UP)))
                        .status());
        assertEquals(Status.UP, TaskerHealth.of(AT, List.of()).status(), "nothing checked, nothing wrong");
    }

    @Test
    void a_status_that_is_not_the_worst_of_the_parts_is_refused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TaskerHealth(Status.UP, AT, List.of(part("store", Status.DOWN))));
    }

    @Test
    void a_part_is_found_by_its_name() {
        TaskerHealth h = TaskerHealth.of(AT, List.of(part("loop", Status.UP), part("store", Status.DOWN)));
        assertEquals("store is DOWN", h.part("store").orElseThrow().detail());
        assertTrue(h.part("lease").isEmpty());
    }
}
