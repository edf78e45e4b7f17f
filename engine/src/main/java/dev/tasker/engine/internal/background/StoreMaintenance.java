package dev.tasker.engine.internal.background;

import dev.tasker.engine.store.spi.WorkflowStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link WorkflowStore#maintain()} every few seconds on a background thread (an H2 file written
 * with durable commits must be compacted by its client). Runs beside the engine loop, never on it, and
 * never dies (STYLE §9).
 */
public final class StoreMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    static final Duration EVERY = Duration.ofSeconds(5);

    private StoreMaintenance() {}

    /** The loop, not started. */
    public static BackgroundLoop loop(WorkflowStore store, BackgroundLoops loops) {
        return loops.virtual(
                "tasker-store-maintenance",
                EVERY,
                woken -> store.maintain().ifPresent(done -> LOG.debug("store maintenance: {}", done)),
                LOG,
                org.slf4j.event.Level.WARN,
                "maintain the store",
                "trying again every " + EVERY.toSeconds() + " s");
    }
}
