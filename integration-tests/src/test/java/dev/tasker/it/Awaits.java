package dev.tasker.it;

import static org.awaitility.Awaitility.await;

import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Waiting for stored state in tests: polls the store with a timeout, never sleeps a fixed time. */
final class Awaits {
    private Awaits() {}

    static StepSnapshot step(Tasker tasker, UUID taskId, String step, Predicate<StepSnapshot> condition) {
        AtomicReference<StepSnapshot> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    var task = tasker.task(taskId).orElseThrow();
                    var s = task.steps().stream()
                            .filter(x -> x.name().equals(step))
                            .findFirst();
                    s.ifPresent(last::set);
                    return s.isPresent()
                            && condition.test(s.get()); // a step a decision or a batch creates may not exist yet
                });
        return last.get();
    }

    /** The settled task; on a timeout, fails showing its steps (what it is stuck on). */
    static dev.tasker.engine.TaskSnapshot settled(Tasker tasker, dev.tasker.engine.TaskHandle h, Duration timeout) {
        try {
            return h.await(timeout);
        } catch (dev.tasker.engine.AwaitTimeoutException e) {
            throw new AssertionError(
                    e.getMessage() + "; steps: "
                            + tasker.task(h.taskId()).orElseThrow().steps(),
                    e);
        }
    }

    static StepSnapshot stepIn(Tasker tasker, UUID taskId, String step, StepState state, int attempts) {
        return step(tasker, taskId, step, s -> s.state() == state && s.attempts() == attempts);
    }

    /** Waits until the engine loop has run {@code n} more cycles (each publishes a new stats object). */
    static void cycles(Tasker tasker, int n) {
        for (int i = 0; i < n; i++) {
            dev.tasker.engine.EngineStats before = tasker.stats();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> tasker.stats() != before);
        }
    }
}
