package dev.tasker.engine.internal.background;

import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.store.spi.NodeRegistry;
import dev.tasker.engine.store.spi.StoreOwnership;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine that owns its database ({@link StoreOwnership}) applies the cancels that operators recorded
 * from outside it (the command line): every {@link #EVERY} it reads the requests and cancels each task
 * itself, so that the task's running handlers are interrupted and the audit tells what happened. A request
 * for a task that has ended, or that does not exist, is dropped. Runs on its own thread, never on the
 * engine loop, and never dies (STYLE §9).
 */
public final class CancelRequestPoller {
    private static final Logger LOG = LoggerFactory.getLogger(CancelRequestPoller.class);
    /** How often the requests are read: one primary-key scan of a table that is nearly always empty. */
    static final Duration EVERY = Duration.ofMillis(500);
    /** The name of its thread and loop. */
    public static final String NAME = "tasker-cancel-requests";

    /** Cancels a task as asked; true when it was cancelled now, false when it had ended. */
    @FunctionalInterface
    public interface Canceller {
        boolean cancel(UUID taskId, String who, String why);
    }

    private final StoreOwnership ownership;
    private final Canceller canceller;
    /** While the database cannot be read (a full disk), one line when it starts, then at most one a minute. */
    private final BackgroundLoop work;

    public CancelRequestPoller(StoreOwnership ownership, Canceller canceller, BackgroundLoops loops) {
        this.ownership = ownership;
        this.canceller = canceller;
        this.work = loops.virtual(
                NAME,
                EVERY,
                woken -> applyRequests(),
                LOG,
                org.slf4j.event.Level.WARN,
                "read the cancel requests",
                "trying again every " + EVERY.toMillis() + " ms");
    }

    /** The loop, not started. */
    public BackgroundLoop loop() {
        return work;
    }

    /** Applies every recorded request once. */
    void applyRequests() {
        for (NodeRegistry.CancelRequest r : ownership.cancelRequests()) {
            if (work.stopping()) {
                return;
            }
            try {
                boolean cancelled = canceller.cancel(r.taskId(), r.requestedBy(), r.reason());
                LOG.info(
                        cancelled
                                ? "task {} cancelled as {} asked from outside this engine"
                                : "task {} had ended when {} asked to cancel it",
                        r.taskId(),
                        r.requestedBy());
            } catch (TaskNotFoundException e) {
                LOG.warn("{} asked to cancel task {}, which does not exist", r.requestedBy(), r.taskId());
            } catch (IllegalStateException e) {
                return; // this engine is closing: the request stays for the next one
            } catch (dev.tasker.engine.store.StoreException e) {
                LOG.warn(
                        "the cancel of task {} that {} asked for failed; will try again: {}",
                        r.taskId(),
                        r.requestedBy(),
                        e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warn(
                        "the cancel of task {} that {} asked for failed; the request is dropped: {}",
                        r.taskId(),
                        r.requestedBy(),
                        e.getMessage());
            }
            ownership.cancelApplied(r.taskId());
        }
    }
}
