package dev.tasker.engine.internal.background;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One background loop of the engine, beside the engine loop and never on it: a named thread that runs a round
 * every period, sooner when {@link #wake() woken}, until {@link #stop()}. A round that throws anything (an
 * {@link Error} too) is counted ({@link #errors()}, shown in {@code EngineStats.loopErrors}) and reported
 * through an {@link OutageLog} (one line when failures start, at most one a minute while they last, one when
 * they end); the thread carries on with the next period: it never dies (STYLE §9).
 *
 * <p>Periods are real time (a monotonic wait), whatever clock the engine is given: these loops pace work
 * against the database and other nodes, not the engine's notion of time.
 */
public final class BackgroundLoop {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoop.class);

    /** One round of work; {@code woken} tells whether {@link #wake()} ended the wait rather than the period. */
    @FunctionalInterface
    public interface Round {
        void run(boolean woken) throws Exception;
    }

    private final String name;
    private final Duration every;
    private final Thread.Builder threads;
    private final Round round;
    private final OutageLog outage;
    private final String whileFailing;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean stopping;
    private volatile Thread thread;

    /**
     * @param threads the kind of thread (virtual, or a platform daemon for loops that must keep their rhythm)
     * @param whatFails what the outage log says cannot be done, as in "cannot {whatFails}"
     * @param whileFailing what the outage log says happens meanwhile ("trying again every 5 s")
     */
    BackgroundLoop(
            String name,
            Duration every,
            Thread.Builder threads,
            Round round,
            Logger log,
            Level level,
            String whatFails,
            String whileFailing) {
        this.name = name;
        this.every = every;
        this.threads = threads;
        this.round = round;
        this.outage = new OutageLog(log == null ? LOG : log, level, whatFails, System::nanoTime);
        this.whileFailing = whileFailing;
    }

    public String name() {
        return name;
    }

    /** Rounds that threw since the start. */
    public long errors() {
        return errors.get();
    }

    /** True from a failed round until one succeeds. */
    public boolean failing() {
        return outage.active();
    }

    public void start() {
        thread = threads.name(name).start(this::run);
    }

    /** Ends the current wait now: the next round runs at once, told it was woken. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** True once stopping: a long round may end early. */
    public boolean stopping() {
        return stopping;
    }

    /** Ends the rounds and waits for the one running (at most 30 s). */
    public void stop() {
        stopping = true;
        wake.release();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the rounds without waiting: a round running now is interrupted. */
    public void halt() {
        stopping = true;
        wake.release();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        while (!stopping) {
            boolean woken;
            try {
                woken = wake.tryAcquire(every.toNanos(), TimeUnit.NANOSECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            runRound(woken);
        }
    }

    /** One round, whatever it throws. Visible for tests. */
    void runRound(boolean woken) {
        try {
            round.run(woken);
            outage.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // halted: the next wait ends the thread
        } catch (Throwable t) {
            errors.incrementAndGet();
            LOG.debug("background loop {} failed a round", name, t);
            outage.failed(t.toString(), whileFailing);
        }
    }
}
