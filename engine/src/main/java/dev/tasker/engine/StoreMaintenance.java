package dev.tasker.engine;

import dev.tasker.engine.store.WorkflowStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link WorkflowStore#maintain()} every few seconds on a background thread (an H2 file written
 * with durable commits must be compacted by its client). Runs beside the engine loop, never on it, and
 * never dies (STYLE §9).
 */
final class StoreMaintenance implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    static final Duration EVERY = Duration.ofSeconds(5);

    private final WorkflowStore store;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final OutageLog outage = new OutageLog(LOG, org.slf4j.event.Level.WARN, "maintain the store",
            System::nanoTime);
    private Thread thread;

    StoreMaintenance(WorkflowStore store) {
        this.store = store;
    }

    void start() {
        thread = Thread.ofVirtual().name("tasker-store-maintenance").start(this);
    }

    void stop() {
        stop.countDown();
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (!stop.await(EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    store.maintain().ifPresent(done -> LOG.debug("store maintenance: {}", done));
                    outage.succeeded();
                } catch (RuntimeException e) {
                    outage.failed(e.getMessage(), "trying again every " + EVERY.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
