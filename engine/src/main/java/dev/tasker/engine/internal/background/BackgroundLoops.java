package dev.tasker.engine.internal.background;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Makes the engine's background loops and remembers them, so that their error counts can be read in one
 * place ({@code EngineStats.loopErrors}). One per engine; the loops themselves are started and stopped by
 * their owners.
 */
public final class BackgroundLoops {
    private final List<BackgroundLoop> loops = new CopyOnWriteArrayList<>();

    /** A loop on a virtual thread. */
    public BackgroundLoop virtual(
            String name,
            Duration every,
            BackgroundLoop.Round round,
            Logger log,
            Level level,
            String whatFails,
            String whileFailing) {
        return add(new BackgroundLoop(name, every, Thread.ofVirtual(), round, log, level, whatFails, whileFailing));
    }

    /** A loop on a platform daemon thread (its rhythm must not depend on free carrier threads). */
    public BackgroundLoop platform(
            String name,
            Duration every,
            BackgroundLoop.Round round,
            Logger log,
            Level level,
            String whatFails,
            String whileFailing) {
        return add(new BackgroundLoop(
                name, every, Thread.ofPlatform().daemon(true), round, log, level, whatFails, whileFailing));
    }

    private BackgroundLoop add(BackgroundLoop loop) {
        loops.add(loop);
        return loop;
    }

    /** Failed rounds per loop name, in the order the loops were made. */
    public Map<String, Long> errors() {
        Map<String, Long> counts = new LinkedHashMap<>();
        loops.forEach(l -> counts.merge(l.name(), l.errors(), Long::sum));
        return counts;
    }
}
