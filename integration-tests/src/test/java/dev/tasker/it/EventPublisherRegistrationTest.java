package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.EventPublisher;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.TaskerClient;
import dev.tasker.engine.template.TemplateLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A template's {@code publisher:} must name a registered publisher; two publishers cannot share a name. */
class EventPublisherRegistrationTest {
    private static final String TEMPLATE = """
            name: pay
            namespace_name: publishers
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
                publishes_events:
                  - name: payment.done
                    delivery_mode: fast
                    publisher: Payments::Publisher
              - name: notify
                handler: {callable: notify}
                depends_on: [charge]
                publishes_events:
                  - name: notice.sent
                    delivery_mode: fast
                    publisher: default
            """;

    private static TaskerBuilder builder() {
        return TestEngines.builder(new ManualClock())
                .templateYaml(TEMPLATE, "pay.yaml")
                .handler("charge", ctx -> StepHandlerResult.success(Map.of("amount", 5)))
                .handler("notify", ctx -> StepHandlerResult.success(Map.of("sent", true)));
    }

    @Test
    void an_unregistered_publisher_fails_the_build_naming_template_step_event_and_name() {
        HandlerResolutionException e = assertThrows(
                HandlerResolutionException.class,
                () -> builder()
                        .eventPublisher("Payments::Publisherr", DomainEvent::payload)
                        .build());
        String m = e.getMessage();
        assertTrue(m.contains("publishers/pay"), m);
        assertTrue(m.contains("pay.yaml"), m);
        assertTrue(m.contains("step 'charge'"), m);
        assertTrue(m.contains("event 'payment.done'"), m);
        assertTrue(m.contains("publisher 'Payments::Publisher' is not registered"), m);
        assertTrue(m.contains("registered: [Payments::Publisherr]"), "it shows what is registered: " + m);
        assertTrue(!m.contains("'default'"), "default is the built-in publisher: " + m);
    }

    @Test
    void a_registered_publisher_and_the_built_in_default_build_and_shape_their_events() {
        List<DomainEvent> seen = new CopyOnWriteArrayList<>();
        EventPublisher payments = event -> {
            var shaped = event.payload().deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) shaped).put("shaped", true);
            return shaped;
        };
        try (Tasker tasker = builder()
                .eventPublisher("Payments::Publisher", payments)
                .subscribe("*", seen::add)
                .build()) {
            var s = tasker.submit(TaskRequest.of("publishers", "pay", Map.of())).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state());
            org.awaitility.Awaitility.await().atMost(TestEngines.AWAIT).until(() -> seen.size() == 2);
            DomainEvent payment = seen.stream()
                    .filter(ev -> ev.name().equals("payment.done"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    payment.payload().path("shaped").asBoolean(),
                    payment.payload().toString());
        }
    }

    @Test
    void a_second_publisher_under_the_same_name_is_refused() {
        TaskerBuilder b = builder().eventPublisher("Payments::Publisher", DomainEvent::payload);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> b.eventPublisher("Payments::Publisher", DomainEvent::payload));
        assertEquals("an event publisher is already registered under the name 'Payments::Publisher'", e.getMessage());
    }

    @Test
    void loading_templates_and_operator_clients_accept_publishers_nobody_registered() {
        assertEquals(
                "Payments::Publisher",
                TemplateLoader.builder()
                        .build()
                        .loadString(TEMPLATE, "pay.yaml")
                        .steps()
                        .get(0)
                        .publishesEvents()
                        .get(0)
                        .publisher());
        String url = TestEngines.memoryUrl();
        try (Tasker engine = builder()
                .jdbcUrl(url)
                .eventPublisher("Payments::Publisher", DomainEvent::payload)
                .build()) {
            assertEquals(
                    TaskState.COMPLETE,
                    engine.submit(TaskRequest.of("publishers", "pay", Map.of()))
                            .await(TestEngines.AWAIT)
                            .state());
        }
        try (TaskerClient client =
                Tasker.builder().jdbcUrl(url).templateYaml(TEMPLATE, "pay.yaml").buildClient()) {
            assertEquals(1, client.tasks(dev.tasker.engine.TaskQuery.all()).size());
        }
    }
}
