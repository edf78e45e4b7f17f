package dev.tasker.engine.internal.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An outage of the database is one line when it starts, a line a minute at most while it lasts, one when it ends. */
class OutageLogTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Recorded log = new Recorded();
    private final OutageLog outage = new OutageLog(log, Level.ERROR, "write to the database", nanos::get);

    @Test
    void one_error_when_it_starts_then_one_a_minute_and_a_line_when_it_ends() {
        assertFalse(outage.active());
        outage.failed("the disk holding /data/t.mv.db is full", "retrying every 5 s");
        assertTrue(outage.active());
        for (int i = 0; i < 11; i++) { // every 5 s for 55 s: nothing more at ERROR
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            outage.failed("the disk holding /data/t.mv.db is full", "retrying every 5 s");
        }
        nanos.addAndGet(Duration.ofSeconds(5).toNanos()); // a minute after the first line
        outage.failed("the disk holding /data/t.mv.db is full", "retrying every 5 s");
        nanos.addAndGet(Duration.ofMillis(2_500).toNanos());
        outage.succeeded();
        assertFalse(outage.active());

        assertEquals(
                List.of(
                        "ERROR cannot write to the database: the disk holding /data/t.mv.db is full; retrying every 5 s"
                                + " (said again at most once a minute while it lasts)",
                        "ERROR still cannot write to the database after 60.0 s (13 failed attempts): the disk holding"
                                + " /data/t.mv.db is full; retrying every 5 s",
                        "INFO can write to the database again after 62.5 s (13 failed attempts)"),
                log.atInfoOrAbove());
        assertEquals(11, log.lines.stream().filter(l -> l.startsWith("DEBUG")).count(), "the others, at DEBUG");
    }

    @Test
    void success_without_an_outage_logs_nothing_and_a_new_outage_starts_with_an_error_again() {
        outage.succeeded();
        assertEquals(List.of(), log.lines);
        outage.failed("down", "retrying");
        outage.succeeded();
        outage.failed("down again", "retrying");
        assertEquals(
                List.of(
                        "ERROR cannot write to the database: down; retrying (said again at most once a minute"
                                + " while it lasts)",
                        "INFO can write to the database again after 0.0 s (1 failed attempt)",
                        "ERROR cannot write to the database: down again; retrying (said again at most once a minute while it"
                                + " lasts)"),
                log.atInfoOrAbove());
    }

    /** A logger that keeps "LEVEL message" lines. */
    private static final class Recorded extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        List<String> atInfoOrAbove() {
            return lines.stream()
                    .filter(l -> !l.startsWith("DEBUG") && !l.startsWith("TRACE"))
                    .toList();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
