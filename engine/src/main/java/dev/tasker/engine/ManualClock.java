package dev.tasker.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to, for tests: backoffs, timeouts and staleness happen when the
 * test advances it, at once, with no waiting. Engines built with it are woken on every change.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * Tasker tasker = Tasker.builder().clock(clock)...build();
 * clock.advance(Duration.ofSeconds(30));   // a 30 s backoff elapses now
 * }</pre>
 */
public final class ManualClock implements InstantSource {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant now;

    /** A clock at {@code start}. */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves the clock forward (never backward) and wakes the engines using it. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + by);
        }
        synchronized (this) {
            now = now.plus(by);
        }
        listeners.forEach(Runnable::run);
    }

    /** Sets the clock to {@code to}, which must not be earlier than now, and wakes the engines. */
    public void set(Instant to) {
        synchronized (this) {
            if (to.isBefore(now)) {
                throw new IllegalArgumentException("a clock does not go back: " + to + " < " + now);
            }
            now = to;
        }
        listeners.forEach(Runnable::run);
    }

    /** Called by engines to be woken when the time changes. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
