package dev.tasker.engine.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.EventPublisher;
import dev.tasker.engine.EventStats;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.TaskerListener;
import dev.tasker.engine.internal.run.Cycle;
import dev.tasker.engine.internal.run.EventSink;
import dev.tasker.engine.internal.run.StepRun;
import dev.tasker.engine.internal.run.TaskRun;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonSchemas;
import dev.tasker.engine.internal.support.UuidV7;
import dev.tasker.engine.store.spi.OutboxRow;
import dev.tasker.engine.store.spi.StepTransitionRow;
import dev.tasker.engine.store.spi.TaskTransitionRow;
import dev.tasker.engine.store.spi.WriteBatch;
import dev.tasker.engine.template.DeliveryMode;
import dev.tasker.engine.template.EventDeclaration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain events and lifecycle listeners (SPEC §5). On the loop thread, when a step's outcome is
 * recorded, each {@code publishes_events} declaration whose condition matches makes an event; its payload
 * is checked against the declared schema (a bad one is logged and counted, never fails the step).
 * Durable events become outbox rows in the same transaction as the outcome; fast ones are handed, after
 * the commit, to one dispatch thread that also feeds the lifecycle listeners, in commit order.
 */
public final class DomainEvents implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);

    private final List<Subscription> fast;
    private final List<TaskerListener> listeners;
    private final Map<String, EventPublisher> publishers;
    private final JsonSchemas schemas = new JsonSchemas();
    private final ExecutorService dispatch;
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong fastDelivered = new AtomicLong();
    private final AtomicLong fastFailed = new AtomicLong();
    private final Outbox relay;

    /** Events without durable delivery (no durable subscriber, or an operator client). */
    public DomainEvents(
            List<Subscription> fast, List<TaskerListener> listeners, Map<String, EventPublisher> publishers) {
        this(fast, listeners, publishers, Outbox.NONE);
    }

    /** Events whose durable deliveries the relay makes. */
    public DomainEvents(
            List<Subscription> fast,
            List<TaskerListener> listeners,
            Map<String, EventPublisher> publishers,
            OutboxRelay relay) {
        this(fast, listeners, publishers, (Outbox) relay);
    }

    private DomainEvents(
            List<Subscription> fast,
            List<TaskerListener> listeners,
            Map<String, EventPublisher> publishers,
            Outbox relay) {
        this.relay = relay;
        this.fast = List.copyOf(fast);
        this.listeners = List.copyOf(listeners);
        this.publishers = Map.copyOf(publishers);
        this.dispatch = fast.isEmpty() && listeners.isEmpty()
                ? null
                : Executors.newSingleThreadExecutor(r ->
                        Thread.ofPlatform().name("tasker-events").daemon(true).unstarted(r));
    }

    /** Fires the step's declared events for this outcome; runs on the loop thread. */
    @Override
    public void onOutcome(StepRun s, boolean success, boolean willRetry, JsonNode error, Cycle cy) {
        List<EventDeclaration> declared = s.definition.publishesEvents();
        if (declared.isEmpty()) {
            return;
        }
        for (EventDeclaration d : declared) {
            if (!conditionHolds(d, success, willRetry)) {
                continue;
            }
            DomainEvent event = build(s, d, success ? s.result : failurePayload(error), cy);
            if (event != null) {
                publish(s.task, d.deliveryMode(), event, cy);
            }
        }
    }

    private static boolean conditionHolds(EventDeclaration d, boolean success, boolean willRetry) {
        return switch (d.condition()) {
            case SUCCESS -> success;
            case FAILURE -> !success;
            case RETRYABLE_FAILURE -> !success && willRetry;
            case PERMANENT_FAILURE -> !success && !willRetry;
            case ALWAYS -> true;
        };
    }

    private DomainEvent build(StepRun s, EventDeclaration d, JsonNode payload, Cycle cy) {
        TaskRun t = s.task;
        DomainEvent event = new DomainEvent(
                UuidV7.next(() -> cy.now),
                d.name(),
                payload == null ? Json.object() : payload,
                t.id,
                s.id,
                s.name,
                t.template.namespace(),
                t.template.name(),
                t.correlationId,
                cy.now,
                d.deliveryMode().yamlName());
        if (d.publisher() != null && publishers.containsKey(d.publisher())) {
            try {
                JsonNode shaped = publishers.get(d.publisher()).payload(event);
                if (shaped == null) {
                    return null;
                }
                event = withPayload(event, shaped);
            } catch (Exception e) {
                invalid.incrementAndGet();
                LOG.warn(
                        "publisher {} failed for event {} of step {}; not published: {}",
                        d.publisher(),
                        d.name(),
                        s,
                        e.toString());
                return null;
            }
        }
        if (d.schema() != null) {
            var violations = schemas.violations(d.schema(), event.payload());
            if (!violations.isEmpty()) {
                invalid.incrementAndGet();
                LOG.warn("event {} of step {} breaks its schema and is not published: {}", d.name(), s, violations);
                return null;
            }
        }
        fired.incrementAndGet();
        return event;
    }

    private void publish(TaskRun t, DeliveryMode mode, DomainEvent event, Cycle cy) {
        if (mode == DeliveryMode.DURABLE || mode == DeliveryMode.BROADCAST) {
            WriteBatch w = cy.writes(t);
            w.insertOutbox(new OutboxRow(
                    0,
                    event.eventId(),
                    event.taskId(),
                    event.stepId(),
                    event.name(),
                    Json.write(event.payload()),
                    Json.write(metadata(event)),
                    cy.now,
                    0,
                    null,
                    null,
                    null));
            cy.after(t, relay::wake);
        }
        if ((mode == DeliveryMode.FAST || mode == DeliveryMode.BROADCAST) && dispatch != null) {
            cy.after(t, () -> dispatch.execute(() -> deliverFast(event)));
        }
    }

    private void deliverFast(DomainEvent event) {
        for (Subscription sub : fast) {
            if (!sub.matches(event.name())) {
                continue;
            }
            try {
                sub.subscriber().onEvent(event);
                fastDelivered.incrementAndGet();
            } catch (Exception | Error e) {
                fastFailed.incrementAndGet();
                LOG.warn("subscriber for '{}' failed on event {}: {}", sub.pattern(), event.name(), e.toString());
            }
        }
    }

    /** Hands the committed transitions to the lifecycle listeners; called on the loop after each commit. */
    @Override
    @SuppressWarnings("removal") // listeners written before 0.2 still get the store rows
    public void committed(WriteBatch batch) {
        if (listeners.isEmpty()
                || batch.taskTransitions().isEmpty() && batch.stepTransitions().isEmpty()) {
            return;
        }
        List<TaskTransitionRow> tasks = List.copyOf(batch.taskTransitions());
        List<StepTransitionRow> steps = List.copyOf(batch.stepTransitions());
        dispatch.execute(() -> {
            for (TaskerListener l : listeners) {
                try {
                    for (TaskTransitionRow t : tasks) {
                        l.onTaskTransition(publicView(t));
                        l.onTaskTransition(t);
                    }
                    for (StepTransitionRow t : steps) {
                        l.onStepTransition(publicView(t));
                        l.onStepTransition(t);
                    }
                } catch (RuntimeException | Error e) {
                    LOG.warn("lifecycle listener {} failed: {}", l, e.toString());
                }
            }
        });
    }

    private static TaskTransition publicView(TaskTransitionRow t) {
        return new TaskTransition(
                t.taskId(), t.fromState(), t.toState(), t.at(), t.nodeId(), t.actor(), t.reason(), t.metadataJson());
    }

    private static StepTransition publicView(StepTransitionRow t) {
        return new StepTransition(
                t.taskId(),
                t.stepId(),
                t.stepName(),
                t.fromState(),
                t.toState(),
                t.at(),
                t.attempt(),
                t.nodeId(),
                t.actor(),
                t.reason(),
                t.metadataJson());
    }

    @Override
    public EventStats stats() {
        return new EventStats(
                fired.get(), invalid.get(), fastDelivered.get(), fastFailed.get(), relay.delivered(), relay.failed());
    }

    @Override
    public void close() {
        if (dispatch != null) {
            dispatch.shutdown();
            try {
                dispatch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ObjectNode metadata(DomainEvent e) {
        ObjectNode m = Json.object();
        m.put("event_id", e.eventId().toString());
        m.put("task_id", e.taskId().toString());
        m.put("step_id", e.stepId().toString());
        m.put("step_name", e.stepName());
        m.put("namespace", e.namespace());
        m.put("task_name", e.taskName());
        m.put("correlation_id", e.correlationId());
        m.put("fired_at", e.firedAt().toString());
        m.put("delivery_mode", e.deliveryMode());
        return m;
    }

    private static JsonNode failurePayload(JsonNode error) {
        ObjectNode p = Json.object();
        if (error != null) {
            p.put("error_message", error.path("message").asText());
            p.put("error_type", error.path("error_type").asText());
            p.put(
                    "error_code",
                    error.hasNonNull("error_code")
                            ? error.get("error_code").asText()
                            : error.path("error_type").asText());
            p.put("retryable", error.path("retryable").asBoolean());
        }
        return p;
    }

    private static DomainEvent withPayload(DomainEvent e, JsonNode payload) {
        return new DomainEvent(
                e.eventId(),
                e.name(),
                payload,
                e.taskId(),
                e.stepId(),
                e.stepName(),
                e.namespace(),
                e.taskName(),
                e.correlationId(),
                e.firedAt(),
                e.deliveryMode());
    }
}
