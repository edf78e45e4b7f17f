package dev.tasker.it;

import dev.tasker.engine.ManualClock;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.time.Duration;
import java.util.UUID;

/** Engines for tests: a fresh in-memory H2 database each, a manual clock, no jitter. */
final class TestEngines {
    static final Duration AWAIT = Duration.ofSeconds(20);

    private TestEngines() {}

    static String memoryUrl() {
        return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    static TaskerBuilder builder(ManualClock clock) {
        return Tasker.builder()
                .jdbcUrl(memoryUrl())
                .clock(clock)
                .backoffJitter(0)
                .poolSize(2);
    }
}
