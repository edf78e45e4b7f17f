package dev.tasker.engine.internal.background;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs an outage of the database the way an operator reads it: one line (an ERROR for the engine's
 * writes) when it starts, saying what
 * failed and what the engine does about it; while it lasts at most one line a {@link #REPEAT} (an engine
 * retrying every few seconds would otherwise fill the log); and one line when it ends, saying how long it
 * lasted. Measures with a monotonic clock (how often to log is not engine time). Not thread-safe: each
 * thread that retries has its own.
 */
public final class OutageLog {
    /** At most one line this often while an outage lasts. */
    static final Duration REPEAT = Duration.ofMinutes(1);

    private final Logger log;
    private final Level level;
    private final String what;
    private final LongSupplier nanoTime;
    private volatile boolean active;
    private long since;
    private long lastLine;
    private int failures;

    /**
     * @param level the level of the lines that say it fails (the end of the outage is logged at INFO)
     * @param what what fails, as in "cannot {what}", e.g. "write to the database"
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public OutageLog(Logger log, Level level, String what, LongSupplier nanoTime) {
        this.log = log;
        this.level = level;
        this.what = what;
        this.nanoTime = nanoTime;
    }

    /**
     * One failed attempt: the first of an outage logs a line, later ones a line a minute at most.
     *
     * @param problem what the database said (the failure's message)
     * @param consequence what this means and what happens next, e.g. "new submits fail until ...; retrying every 5 s"
     */
    public void failed(String problem, String consequence) {
        long now = nanoTime.getAsLong();
        failures++;
        if (!active) {
            active = true;
            since = now;
            lastLine = now;
            log.atLevel(level)
                    .log(
                            "cannot {}: {}; {} (said again at most once a minute while it lasts)",
                            what,
                            problem,
                            consequence);
        } else if (now - lastLine >= REPEAT.toNanos()) {
            lastLine = now;
            log.atLevel(level)
                    .log(
                            "still cannot {} after {} ({}): {}; {}",
                            what,
                            seconds(now - since),
                            attempts(),
                            problem,
                            consequence);
        } else {
            log.debug("cannot {} (attempt {}): {}", what, failures, problem);
        }
    }

    /** An attempt succeeded: ends the outage, if there was one, with a line saying how long it lasted. */
    public void succeeded() {
        if (!active) {
            return;
        }
        active = false;
        log.info("can {} again after {} ({})", what, seconds(nanoTime.getAsLong() - since), attempts());
        failures = 0;
    }

    /** True from the first failed attempt until one succeeds; may be read from any thread. */
    public boolean active() {
        return active;
    }

    private String attempts() {
        return failures + (failures == 1 ? " failed attempt" : " failed attempts");
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
