package dev.tasker.engine.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void ids_made_in_one_millisecond_sort_in_the_order_they_were_made() {
        InstantSource frozen = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // more than the 4096 a millisecond's counter holds
            made.add(UuidV7.next(frozen));
        }

        List<UUID> sorted = new ArrayList<>(made);
        sorted.sort(Comparator.comparing(UUID::toString)); // as a database sorts a UUID column

        assertEquals(made, sorted);
        assertTrue(made.stream().allMatch(id -> id.version() == 7 && id.variant() == 2));
    }

    @Test
    void a_clock_that_steps_back_does_not_make_an_id_that_sorts_first() {
        UUID later = UuidV7.next(InstantSource.fixed(Instant.parse("2026-01-01T00:00:01Z")));
        UUID afterStepBack = UuidV7.next(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));

        assertTrue(afterStepBack.toString().compareTo(later.toString()) > 0, later + " then " + afterStepBack);
    }
}
