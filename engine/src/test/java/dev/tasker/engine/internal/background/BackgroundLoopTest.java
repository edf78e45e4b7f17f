package dev.tasker.engine.internal.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** A background loop survives whatever a round throws, counts it, and can be woken before its period. */
class BackgroundLoopTest {
    private final BackgroundLoops loops = new BackgroundLoops();

    @Test
    void a_loop_whose_rounds_throw_an_error_and_a_runtime_exception_keeps_running_and_counts_both() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        BackgroundLoop loop = loops.virtual(
                "t-failing",
                Duration.ofMillis(1),
                woken -> {
                    switch (rounds.incrementAndGet()) {
                        case 1 -> throw new StackOverflowError("an Error, not an Exception");
                        case 2 -> throw new IllegalStateException("a RuntimeException");
                        default -> third.countDown();
                    }
                },
                LoggerFactory.getLogger(BackgroundLoopTest.class),
                Level.WARN,
                "run the round",
                "trying again");
        loop.start();
        try {
            assertTrue(third.await(10, TimeUnit.SECONDS), "a third round ran after two that threw");
            assertEquals(2, loop.errors());
            assertEquals(Map.of("t-failing", 2L), loops.errors());
        } finally {
            loop.stop();
        }
    }

    @Test
    void a_round_that_throws_is_counted_and_does_not_reach_the_caller() {
        BackgroundLoop loop = loops.platform(
                "t-direct",
                Duration.ofHours(1),
                woken -> {
                    throw new OutOfMemoryError("simulated");
                },
                null,
                Level.WARN,
                "run the round",
                "trying again");
        loop.runRound(false);
        loop.runRound(false);
        assertEquals(2, loop.errors());
    }

    @Test
    void a_wake_runs_the_next_round_at_once_and_tells_it_so() throws Exception {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        BackgroundLoop loop = loops.virtual(
                "t-woken",
                Duration.ofHours(1),
                woken -> {
                    seen.add(woken);
                    ran.countDown();
                },
                null,
                Level.WARN,
                "run the round",
                "trying again");
        loop.start();
        try {
            loop.wake();
            assertTrue(ran.await(10, TimeUnit.SECONDS), "woken long before its hour-long period");
            assertEquals(List.of(true), seen);
            assertEquals(Map.of("t-woken", 0L), loops.errors());
        } finally {
            loop.stop();
        }
    }
}
