package dev.tasker.opentelemetry;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Finishes span work off the engine's loop thread. The loop hands over an item that already holds what it
 * needs (the outcome and the time, taken where the event happened) with one compare-and-set and no
 * allocation; a background virtual thread completes the items every {@value #INTERVAL_MILLIS} ms in the
 * order they were handed over (setting attributes, ending spans with their explicit times). The loop never
 * wakes that thread: it polls while there is work, stops after {@value #IDLE_POLLS} empty polls, and the
 * next hand-over starts it again. {@link #drain()} completes what is pending at once, on the caller's thread
 * (the engine's close).
 */
final class Ending {
    static final long INTERVAL_MILLIS = 5;
    static final int IDLE_POLLS = 200;

    private static final System.Logger LOG = System.getLogger(Ending.class.getName());

    /** One piece of work, linked into the pending stack (newest first) while it waits. */
    abstract static class Pending {
        @Nullable
        Pending next;

        /** Does the work, on the background thread or the draining caller's. */
        abstract void complete();
    }

    private final AtomicReference<@Nullable Pending> pending = new AtomicReference<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    /** One completer at a time, so that items complete in the order they were handed over. */
    private final ReentrantLock completing = new ReentrantLock();

    private final AtomicBoolean logged = new AtomicBoolean();

    /** Hands {@code item} over, from any thread. */
    void hand(Pending item) {
        Pending head;
        do {
            head = pending.get();
            item.next = head;
        } while (!pending.compareAndSet(head, item));
        if (!polling.get() && polling.compareAndSet(false, true)) {
            start();
        }
    }

    private void start() {
        try {
            Thread.ofVirtual().name("tasker-tracing-ending").start(this::poll);
        } catch (RuntimeException | Error e) {
            polling.set(false);
            throw e;
        }
    }

    private void poll() {
        try {
            int idle = 0;
            while (idle < IDLE_POLLS) {
                idle = drain() ? 0 : idle + 1;
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            polling.set(false);
            // Handed over after the last poll but before the flag went down: nobody started a poller for it.
            if (pending.get() != null && polling.compareAndSet(false, true)) {
                start();
            }
        }
    }

    /**
     * Completes every item handed over so far, oldest first.
     *
     * @return whether there was any
     */
    boolean drain() {
        completing.lock();
        try {
            Pending newest = pending.getAndSet(null);
            if (newest == null) {
                return false;
            }
            Pending oldest = null;
            while (newest != null) { // reverse: the stack holds the newest first
                Pending next = newest.next;
                newest.next = oldest;
                oldest = newest;
                newest = next;
            }
            for (Pending p = oldest; p != null; ) {
                Pending next = p.next;
                p.next = null;
                try {
                    p.complete();
                } catch (RuntimeException | LinkageError e) {
                    if (logged.compareAndSet(false, true)) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "ending a span failed; Tasker's tracing carries on (further failures are not"
                                        + " logged)",
                                e);
                    }
                }
                p = next;
            }
            return true;
        } finally {
            completing.unlock();
        }
    }
}
