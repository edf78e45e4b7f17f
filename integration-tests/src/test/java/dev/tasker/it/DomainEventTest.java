package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerListener;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §5: declared events fire by condition, fast after commit, durable through the outbox; listeners see transitions. */
class DomainEventTest {
    private final List<DomainEvent> fast = new CopyOnWriteArrayList<>();
    private final List<DomainEvent> durable = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final List<String> rowTransitions = new CopyOnWriteArrayList<>();

    @Test
    void the_fixture_fires_exactly_the_events_its_conditions_select() {
        try (Tasker tasker = EventHandlers.register(TestEngines.builder(new ManualClock()), Map::copyOf)
                .subscribe("*", fast::add)
                .subscribeDurable("payment.*", durable::add)
                .listener(new Recorder())
                .listener(new RowRecorder())
                .build()) {
            UUID order = UUID.randomUUID();
            TaskSnapshot s = tasker.submit(TaskRequest.of(
                            EventHandlers.NS, EventHandlers.NAME, EventHandlers.context(order.toString())))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            await().atMost(Duration.ofSeconds(20)).until(() -> fast.size() >= 3 && durable.size() >= 1);
            assertEquals(
                    Set.of("order.validated", "inventory.updated", "notification.sent"),
                    fast.stream().map(DomainEvent::name).collect(Collectors.toSet()));
            assertEquals(3, fast.size());
            assertEquals(
                    List.of("payment.processed"),
                    durable.stream().map(DomainEvent::name).toList());
            DomainEvent payment = durable.get(0);
            assertEquals("txn-" + order, payment.payload().get("transaction_id").asText());
            assertEquals("payment", payment.payload().get("publisher").asText(), "the custom publisher shaped it");
            assertEquals("domain_events_py_process_payment", payment.stepName());
            assertEquals(4, tasker.eventStats().fired());
            assertEquals(0, tasker.eventStats().invalidPayloads());
            await().atMost(Duration.ofSeconds(20)).until(() -> transitions.contains("task:steps_in_process->complete"));
            assertTrue(transitions.contains("step:domain_events_py_send_notification:in_progress->complete"));
            // a listener written against the deprecated store-row methods is still told of the same transitions
            await().atMost(Duration.ofSeconds(20)).until(() -> rowTransitions.equals(transitions));
        }
    }

    @Test
    void a_payload_that_breaks_its_schema_is_counted_and_the_step_still_succeeds() {
        try (Tasker tasker = EventHandlers.register(TestEngines.builder(new ManualClock()), m -> {
                    Map<String, Object> broken = new HashMap<>(m);
                    broken.remove("validation_timestamp");
                    return broken;
                })
                .subscribe("*", fast::add)
                .build()) {
            TaskSnapshot s = tasker.submit(TaskRequest.of(
                            EventHandlers.NS,
                            EventHandlers.NAME,
                            EventHandlers.context(UUID.randomUUID().toString())))
                    .await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            assertEquals(1, tasker.eventStats().invalidPayloads());
            await().atMost(Duration.ofSeconds(20)).until(() -> fast.size() >= 2);
            assertTrue(fast.stream().noneMatch(e -> e.name().equals("order.validated")));
        }
    }

    @Test
    void a_failing_durable_subscriber_gets_the_event_again_after_its_backoff() {
        ManualClock clock = new ManualClock();
        AtomicInteger calls = new AtomicInteger();
        try (Tasker tasker = EventHandlers.register(TestEngines.builder(clock), Map::copyOf)
                .subscribeDurable("payment.processed", e -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker down");
                    }
                    durable.add(e);
                })
                .build()) {
            tasker.submit(TaskRequest.of(
                            EventHandlers.NS,
                            EventHandlers.NAME,
                            EventHandlers.context(UUID.randomUUID().toString())))
                    .await(TestEngines.AWAIT);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> tasker.eventStats().durableFailed() == 1);
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> tasker.eventStats().durableDelivered() == 1);
            assertEquals(1, durable.size());
            assertEquals(2, calls.get());
        }
    }

    @Test
    void durable_events_written_before_a_sigkill_are_delivered_after_restart(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dtasker.conformance.dir=" + Conformance.dir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EventWorker.class.getName(),
                        dir.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        UUID task;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("COMPLETED "), () -> "child said " + line);
            task = UUID.fromString(line.substring(10).trim());
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (Tasker tasker = EventHandlers.register(Tasker.builder().jdbcUrl(EventWorker.url(dir)), Map::copyOf)
                .subscribeDurable("payment.*", durable::add)
                .build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !durable.isEmpty());
            assertEquals("payment.processed", durable.get(0).name());
            assertEquals(task, durable.get(0).taskId());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> tasker.eventStats().durableDelivered() == 1);
        }
        try (Tasker again = EventHandlers.register(Tasker.builder().jdbcUrl(EventWorker.url(dir)), Map::copyOf)
                .subscribeDurable("payment.*", durable::add)
                .build()) {
            // the relay looks at the outbox as soon as it starts; a delivered row is not offered again
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> durable.size() == 1);
        }
    }

    private final class Recorder implements TaskerListener {
        @Override
        public void onTaskTransition(TaskTransition t) {
            transitions.add(
                    "task:" + (t.fromState() == null ? "none" : t.fromState().wireName()) + "->"
                            + t.toState().wireName());
        }

        @Override
        public void onStepTransition(StepTransition t) {
            transitions.add("step:" + t.stepName() + ":" + t.fromState().wireName() + "->"
                    + t.toState().wireName());
        }
    }

    @SuppressWarnings("removal")
    private final class RowRecorder implements TaskerListener {
        @Override
        public void onTaskTransition(TaskTransitionRow t) {
            rowTransitions.add(
                    "task:" + (t.fromState() == null ? "none" : t.fromState().wireName()) + "->"
                            + t.toState().wireName());
        }

        @Override
        public void onStepTransition(StepTransitionRow t) {
            rowTransitions.add("step:" + t.stepName() + ":" + t.fromState().wireName() + "->"
                    + t.toState().wireName());
        }
    }
}
