package dev.tasker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The public retention policy: per-namespace ages over a default, and its checks. */
class RetentionPolicyTest {
    @Test
    void the_default_keeps_everything_forever() {
        assertFalse(Retention.FOREVER.purges());
        assertEquals(Optional.empty(), Retention.FOREVER.ageFor("payments"));
        assertEquals("Retention[forever]", Retention.FOREVER.toString());
    }

    @Test
    void a_namespace_age_overrides_the_default_and_may_keep_forever() {
        Retention r = Retention.keep(Duration.ofDays(30))
                .namespace("payments", Duration.ofDays(90))
                .keepForever("legal");
        assertTrue(r.purges());
        assertEquals(Optional.of(Duration.ofDays(30)), r.ageFor("shop"));
        assertEquals(Optional.of(Duration.ofDays(90)), r.ageFor("payments"));
        assertEquals(Optional.empty(), r.ageFor("legal"));
        assertEquals(Retention.DEFAULT_INTERVAL, r.interval());
        assertEquals(Retention.DEFAULT_BATCH_SIZE, r.batchSize());

        Retention onlyLogs = Retention.forever().namespace("logs", Duration.ofHours(1));
        assertTrue(onlyLogs.purges());
        assertEquals(Optional.empty(), onlyLogs.ageFor("shop"));
        assertFalse(Retention.forever().keepForever("x").purges());
    }

    @Test
    void bad_settings_are_refused_naming_the_problem() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> Retention.keep(Duration.ZERO));
        assertTrue(zero.getMessage().contains("must be positive"), zero::getMessage);
        IllegalArgumentException ns = assertThrows(
                IllegalArgumentException.class, () -> Retention.forever().namespace("p", Duration.ofDays(-1)));
        assertTrue(ns.getMessage().contains("namespace p"), ns::getMessage);
        assertThrows(IllegalArgumentException.class, () -> Retention.forever().namespace(" ", Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> Retention.forever().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Retention.forever().every(Duration.ZERO));
    }

    @Test
    void policies_compare_by_value() {
        assertEquals(
                Retention.keep(Duration.ofDays(1)).namespace("a", Duration.ofHours(1)),
                Retention.keep(Duration.ofDays(1)).namespace("a", Duration.ofHours(1)));
        assertFalse(Retention.keep(Duration.ofDays(1)).equals(Retention.keep(Duration.ofDays(2))));
    }
}
