package dev.tasker.engine.internal.background;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One round of background work every interval, on a virtual thread of its own, beside the engine loop and
 * never on it, until {@link #stop()}. A round that throws is reported through an {@link OutageLog} (one line
 * when failures start, at most one a minute while they last, one when they end) and the thread carries on:
 * it never dies (STYLE §9).
 */
public final class PeriodicWork {
    private final String threadName;
    private final Duration every;
    private final Runnable round;
    private final OutageLog outage;
    private final String whileFailing;
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;

    /**
     * @param whileFailing what the outage log says happens meanwhile ("trying again every 5 s")
     */
    PeriodicWork(String threadName, Duration every, Runnable round, OutageLog outage, String whileFailing) {
        this.threadName = threadName;
        this.every = every;
        this.round = round;
        this.outage = outage;
        this.whileFailing = whileFailing;
    }

    void start() {
        thread = Thread.ofVirtual().name(threadName).start(this::run);
    }

    /** True once {@link #stop()} was called: a long round may end early. */
    boolean stopping() {
        return stop.getCount() == 0;
    }

    /** Ends the rounds and waits for the one running (at most 30 s). */
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

    private void run() {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    round.run();
                    outage.succeeded();
                } catch (RuntimeException e) {
                    outage.failed(e.getMessage(), whileFailing);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
