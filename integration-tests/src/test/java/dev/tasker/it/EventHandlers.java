package dev.tasker.it;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Java twins of the domain-event fixture's handlers (reference §8.5 E3) and its custom publishers. */
final class EventHandlers {
    static final String FIXTURE = "domain_event_publishing_py.yaml";
    static final String NS = "domain_events_py";
    static final String NAME = "domain_event_publishing_py";

    private EventHandlers() {}

    static TaskerBuilder register(TaskerBuilder b, Function<Map<String, Object>, Map<String, Object>> validateResult) {
        String p = "domain_events_py.step_handlers.";
        return b.templates(Conformance.python(FIXTURE))
                .handler(
                        p + "ValidateOrderHandler",
                        ctx -> StepHandlerResult.success(validateResult.apply(Map.of(
                                "order_id", ctx.getInput("order_id").asText(),
                                "validation_timestamp", "2026-01-01T00:00:00Z",
                                "validation_checks", List.of("order_id_present", "customer_id_present")))))
                .handler(
                        p + "ProcessPaymentHandler",
                        ctx -> StepHandlerResult.success(Map.of(
                                "transaction_id",
                                "txn-" + ctx.getInput("order_id").asText(),
                                "amount",
                                ctx.getInput("amount") == null
                                        ? 0
                                        : ctx.getInput("amount").decimalValue(),
                                "payment_method",
                                "card",
                                "processed_at",
                                "2026-01-01T00:00:01Z")))
                .handler(
                        p + "UpdateInventoryHandler",
                        ctx -> StepHandlerResult.success(Map.of(
                                "order_id",
                                ctx.getInput("order_id").asText(),
                                "items",
                                List.of(Map.of("sku", "SKU-1", "quantity", 1)),
                                "success",
                                true)))
                .handler(
                        p + "SendNotificationHandler",
                        ctx -> StepHandlerResult.success(Map.of(
                                "notification_id",
                                "n-1",
                                "channel",
                                "email",
                                "recipient",
                                ctx.getInput("customer_id").asText(),
                                "sent_at",
                                "2026-01-01T00:00:02Z")))
                .eventPublisher("domain_events_py.publishers.PaymentEventPublisher", e -> {
                    var payload = e.payload().deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("publisher", "payment");
                    return payload;
                })
                .eventPublisher("domain_events_py.publishers.NotificationEventPublisher", e -> e.payload());
    }

    static Map<String, Object> context(String orderId) {
        return Map.of("order_id", orderId, "customer_id", "cust-42", "amount", 99.5);
    }
}
