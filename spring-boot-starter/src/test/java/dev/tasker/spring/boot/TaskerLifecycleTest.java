package dev.tasker.spring.boot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TaskerLifecycleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void closedGate() {
        StarterHandlers.Price.gate = new CountDownLatch(1);
        StarterHandlers.Price.calls.set(0);
        StarterHandlers.Price.interrupted = false;
    }

    @AfterEach
    void openGate() {
        StarterHandlers.Price.gate.countDown();
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TaskerAutoConfiguration.class))
                .withUserConfiguration(StarterHandlers.class)
                .withPropertyValues(
                        "tasker.templates=classpath:starter-test/templates",
                        "tasker.shutdown-grace=30s",
                        "tasker.database.h2-file=" + dir.resolve("tasker"));
    }

    /** Records whether the engine ran while the beans were being made. */
    static final class EarlyUser {
        final boolean engineRanAtCreation;

        EarlyUser(ManagedTasker tasker) {
            engineRanAtCreation = tasker.isRunning();
        }
    }

    @Test
    void the_engine_starts_after_the_beans_are_made_and_stops_with_the_context() {
        AtomicReference<ManagedTasker> seen = new AtomicReference<>();
        runner().withBean(EarlyUser.class).run(context -> {
            assertFalse(context.getBean(EarlyUser.class).engineRanAtCreation, "built while beans were being made");
            ManagedTasker tasker = context.getBean(ManagedTasker.class);
            assertTrue(tasker.isRunning());
            seen.set(tasker);
        });
        assertFalse(seen.get().isRunning(), "still running after the context closed");
    }

    @Test
    void closing_the_context_lets_a_running_handler_finish_and_records_its_result() {
        AtomicReference<UUID> taskId = new AtomicReference<>();
        runner().run(context -> {
            ManagedTasker tasker = context.getBean(ManagedTasker.class);
            taskId.set(tasker.submit(TaskRequest.of("starter", "invoice", Map.of("amount", 5)))
                    .taskId());
            await().atMost(Duration.ofSeconds(20)).until(() -> StarterHandlers.Price.calls.get() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            // The engine is draining: no longer running for callers, the handler still blocked at the gate.
            await().atMost(Duration.ofSeconds(20)).until(() -> !tasker.isRunning());
            assertFalse(closing.isDone(), "the close did not wait for the running handler");
            StarterHandlers.Price.gate.countDown();
            closing.get();
        });
        assertFalse(StarterHandlers.Price.interrupted, "the handler was interrupted within the shutdown grace");

        // A new context on the same file: the step's result was recorded before the close, so it does not run again.
        runner().run(context -> {
            Tasker tasker = context.getBean(Tasker.class);
            TaskSnapshot task = tasker.handle(taskId.get()).await(Duration.ofSeconds(20));
            assertEquals(TaskState.COMPLETE, task.state(), task::toString);
            assertEquals(StepState.COMPLETE, task.step("price").state());
            assertEquals(10, task.step("price").result().get("total").asInt());
            assertEquals(1, StarterHandlers.Price.calls.get(), "the drained step ran again after the restart");
        });
    }
}
