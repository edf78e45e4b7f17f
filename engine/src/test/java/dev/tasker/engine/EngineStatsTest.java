package dev.tasker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop error counts of EngineStats: kept in order, read-only, summed; the older constructors give none. */
class EngineStatsTest {

    @Test
    void loop_errors_keep_their_order_are_read_only_and_sum_up() {
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("tasker-engine-loop", 0L);
        errors.put("tasker-outbox", 2L);
        errors.put("tasker-heartbeat", 1L);
        EngineStats stats = new EngineStats(0, 0, 0, 0, 0, null, true, 0, 0, errors);
        errors.put("tasker-claimer", 5L); // a later change of the caller's map does not show
        assertEquals(
                List.of("tasker-engine-loop", "tasker-outbox", "tasker-heartbeat"),
                List.copyOf(stats.loopErrors().keySet()));
        assertEquals(3, stats.loopErrorCount());
        assertThrows(
                UnsupportedOperationException.class, () -> stats.loopErrors().put("x", 1L));
    }

    @Test
    void the_older_constructors_report_no_loop_errors() {
        assertEquals(Map.of(), new EngineStats(1, 2, 3, 4, 5, null, false).loopErrors());
        assertEquals(0, new EngineStats(1, 2, 3, 4, 5, null, false, 6, 7).loopErrorCount());
        assertEquals(Map.of(), new EngineStats(1, 2, 3, 4, 5, null, false, 6, 7, null).loopErrors());
    }
}
