package dev.tasker.engine.internal.background;

import dev.tasker.engine.store.WorkflowStore;
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

    private final PeriodicWork work;

    public StoreMaintenance(WorkflowStore store) {
        this.work = new PeriodicWork("tasker-store-maintenance", EVERY,
                () -> store.maintain().ifPresent(done -> LOG.debug("store maintenance: {}", done)),
                new OutageLog(LOG, org.slf4j.event.Level.WARN, "maintain the store", System::nanoTime),
                "trying again every " + EVERY.toSeconds() + " s");
    }

    public void start() {
        work.start();
    }

    public void stop() {
        work.stop();
    }
}
