package dev.tasker.engine.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.CronSyntax;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronTimesTest {
    private static final CronTimes HOURLY =
            CronTimes.parse("schedule 'h'", "0 * * * *", CronSyntax.UNIX, ZoneOffset.UTC);

    private static Instant at(String t) {
        return Instant.parse("2026-03-01T" + t + "Z");
    }

    @Test
    void next_is_strictly_after() {
        assertEquals(Optional.of(at("02:00:00")), HOURLY.next(at("01:00:00")));
        assertEquals(List.of(at("01:00:00"), at("02:00:00")), HOURLY.next(at("00:30:00"), 2));
    }

    @Test
    void latest_is_the_last_fire_in_the_half_open_interval() {
        assertEquals(
                Optional.of(at("05:00:00")), HOURLY.latest(at("00:00:00"), at("05:00:00")), "a fire at the end counts");
        assertEquals(Optional.of(at("04:00:00")), HOURLY.latest(at("00:00:00"), at("04:59:59")));
        assertEquals(Optional.empty(), HOURLY.latest(at("04:00:00"), at("04:59:59")), "the start does not count");
        assertEquals(Optional.of(at("01:00:00")), HOURLY.latest(at("00:30:00"), at("01:00:00")));
        assertEquals(Optional.empty(), HOURLY.latest(at("05:00:00"), at("05:00:00")));
    }

    @Test
    void zone_and_syntax_are_honoured_and_errors_name_the_schedule() {
        CronTimes paris = CronTimes.parse("s", "0 2 * * *", CronSyntax.UNIX, ZoneId.of("Europe/Paris"));
        assertEquals(Optional.of(at("01:00:00")), paris.next(at("00:00:00")));
        CronTimes quartz = CronTimes.parse("s", "*/20 * * * * ?", CronSyntax.QUARTZ, ZoneOffset.UTC);
        assertEquals(Optional.of(at("00:00:20")), quartz.next(at("00:00:00")));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CronTimes.parse("schedule 'nightly'", "0 2 * *", CronSyntax.UNIX, ZoneOffset.UTC));
        assertTrue(e.getMessage().startsWith("schedule 'nightly': bad unix cron expression '0 2 * *'"), e.getMessage());
    }
}
