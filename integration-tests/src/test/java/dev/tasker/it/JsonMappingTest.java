package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.engine.DomainEvent;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The JSON rules between task data and Java types: snake_case data binds camelCase records and POJOs and
 * results are written snake_case; java.time as ISO-8601; strict numbers; null properties left out.
 */
class JsonMappingTest {
    /** The task input of an invoice, in Java names. */
    public record CamelInvoice(String invoiceId, BigDecimal totalAmount, LocalDate dueDate, String approverEmail) {}

    /** What the approval step returns. */
    public record Approval(String invoiceId, boolean autoApproved, Instant decidedAt, String approverEmail) {}

    /** A JavaBean with the same shape as part of the invoice. */
    public static class InvoicePojo {
        private String invoiceId;
        private int lineCount;

        public String getInvoiceId() {
            return invoiceId;
        }

        public void setInvoiceId(String invoiceId) {
            this.invoiceId = invoiceId;
        }

        public int getLineCount() {
            return lineCount;
        }

        public void setLineCount(int lineCount) {
            this.lineCount = lineCount;
        }
    }

    /** An explicit name wins over the naming rule. */
    public record Legacy(@JsonProperty("InvoiceREF") String invoiceRef, String customerName) {}

    private static final Instant DECIDED = Instant.parse("2026-03-01T10:15:30Z");

    /** The handlers the tests run. */
    public static class InvoiceHandlers {
        @Handler("approve")
        public Approval approve(@Input CamelInvoice invoice) {
            return new Approval(
                    invoice.invoiceId(),
                    invoice.totalAmount().compareTo(new BigDecimal("100")) < 0,
                    DECIDED,
                    invoice.approverEmail());
        }

        @Handler("count")
        public Map<String, Object> count(@Input("count") int count) {
            return Map.of("doubled", count * 2);
        }

        @Handler("big")
        public Map<String, Object> big(@Input("count") long count, @Input("ratio") Optional<Integer> ratio) {
            return Map.of("count", count, "ratio", ratio.orElse(-1));
        }

        @Handler("pojo")
        public InvoicePojo pojo(@Input InvoicePojo in) {
            InvoicePojo out = new InvoicePojo();
            out.setInvoiceId(in.getInvoiceId() + "-copy");
            out.setLineCount(in.getLineCount() + 1);
            return out;
        }

        @Handler("legacy")
        public Legacy legacy(@Input Legacy in) {
            return new Legacy(in.invoiceRef() + "!", in.customerName());
        }

        @Handler("dates")
        public Map<String, Object> dates(@Input("due") LocalDate due, @Input("at") Instant at) {
            return Map.of("next_day", due.plusDays(1), "an_hour_later", at.plusSeconds(3600));
        }
    }

    private static String template(String name, String callable, String extra) {
        return """
                name: %s
                namespace_name: json
                version: 1.0.0
                %s
                steps:
                  - name: %s
                    handler: {callable: %s}
                """.formatted(name, extra, callable, callable);
    }

    private static final String APPROVE = """
            name: approve
            namespace_name: json
            version: 1.0.0
            input_schema:
              type: object
              required: [invoice_id, total_amount]
              properties:
                invoice_id: {type: string}
                total_amount: {type: number}
                due_date: {type: string, format: date}
                approver_email: {type: string}
            steps:
              - name: approve
                handler: {callable: approve}
                publishes_events:
                  - name: invoice.approved
                    delivery_mode: fast
                    schema:
                      type: object
                      required: [invoice_id, auto_approved]
                      properties:
                        invoice_id: {type: string}
                        auto_approved: {type: boolean}
                        decided_at: {type: string}
                        approver_email: {type: string}
            """;

    private TaskerBuilder builder() {
        return TestEngines.builder(new ManualClock())
                .templateYaml(APPROVE, "approve.yaml")
                .templateYaml(template("count", "count", ""), "count.yaml")
                .templateYaml(template("big", "big", ""), "big.yaml")
                .templateYaml(template("pojo", "pojo", ""), "pojo.yaml")
                .templateYaml(template("legacy", "legacy", ""), "legacy.yaml")
                .templateYaml(template("dates", "dates", ""), "dates.yaml")
                .handlers(new InvoiceHandlers());
    }

    private static TaskSnapshot run(Tasker tasker, String name, Object context) {
        return tasker.submit(TaskRequest.of("json", name, context)).await(TestEngines.AWAIT);
    }

    @Test
    void snake_case_data_binds_a_camel_case_record_and_the_returned_record_is_written_snake_case() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(
                    tasker,
                    "approve",
                    Map.of(
                            "invoice_id", "INV-7",
                            "total_amount", new BigDecimal("42.50"),
                            "due_date", "2026-04-30",
                            "approver_email", "ap@example.com"));
            assertEquals(
                    TaskState.COMPLETE,
                    s.state(),
                    () -> s.step("approve").error().toString());
            JsonNode result = s.step("approve").result();
            assertEquals("INV-7", result.get("invoice_id").asText(), result.toString());
            assertTrue(result.get("auto_approved").asBoolean(), result.toString());
            assertEquals("2026-03-01T10:15:30Z", result.get("decided_at").asText(), "an Instant is ISO-8601 text");
            assertEquals("ap@example.com", result.get("approver_email").asText());
            assertFalse(result.has("invoiceId"), "no Java names in the data: " + result);
        }
    }

    @Test
    void a_record_submitted_as_the_context_is_snake_case_and_its_null_optional_field_is_left_out() {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (Tasker tasker = builder().subscribe("invoice.*", events::add).build()) {
            CamelInvoice invoice = new CamelInvoice("INV-8", new BigDecimal("250.00"), LocalDate.of(2026, 5, 1), null);
            TaskRequest request = TaskRequest.of("json", "approve", invoice);
            assertEquals("2026-05-01", request.context().get("due_date").asText(), "a LocalDate is ISO-8601 text");
            assertFalse(request.context().has("approver_email"), "null is left out: " + request.context());

            TaskSnapshot s = tasker.submit(request).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, s.state(), "the input schema (approver_email: string) accepts it");
            JsonNode result = s.step("approve").result();
            assertFalse(result.has("approver_email"), "a null property of a result is left out: " + result);
            assertFalse(result.get("auto_approved").asBoolean());
            org.awaitility.Awaitility.await().atMost(TestEngines.AWAIT).until(() -> events.size() == 1);
            assertEquals(0, tasker.eventStats().invalidPayloads(), "the event's schema accepts the payload");
        }
    }

    @Test
    void a_pojo_binds_from_snake_case_and_is_written_snake_case() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(tasker, "pojo", Map.of("invoice_id", "INV-9", "line_count", 3));
            JsonNode result = s.step("pojo").result();
            assertEquals("INV-9-copy", result.get("invoice_id").asText(), result.toString());
            assertEquals(4, result.get("line_count").asInt(), result.toString());
        }
    }

    @Test
    void an_explicit_json_property_name_wins_over_the_naming_rule() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(tasker, "legacy", Map.of("InvoiceREF", "R-1", "customer_name", "Ada"));
            JsonNode result = s.step("legacy").result();
            assertEquals("R-1!", result.get("InvoiceREF").asText(), result.toString());
            assertEquals("Ada", result.get("customer_name").asText(), result.toString());
        }
    }

    @Test
    void local_dates_and_instants_bind_from_and_are_written_as_iso_8601() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(tasker, "dates", Map.of("due", "2026-02-28", "at", "2026-03-01T23:30:00Z"));
            assertEquals(
                    TaskState.COMPLETE, s.state(), () -> s.step("dates").error().toString());
            JsonNode result = s.step("dates").result();
            assertEquals("2026-03-01", result.get("next_day").asText());
            assertEquals("2026-03-02T00:30:00Z", result.get("an_hour_later").asText());
        }
    }

    @Test
    void a_fraction_for_an_int_fails_the_step_naming_the_parameter_and_the_value() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(tasker, "count", Map.of("count", new BigDecimal("2.7")));
            StepSnapshot step = s.step("count");
            assertEquals(StepState.ERROR, step.state(), "2.7 is not truncated to 2");
            assertEquals(1, step.attempts(), "a bad value is permanent: no retry");
            String message = step.error().get("message").asText();
            assertTrue(message.contains("@Input(\"count\")"), message);
            assertTrue(message.contains("2.7"), message);
            assertTrue(message.contains("cannot be an int"), message);
            assertFalse(message.contains("CoercionConfig"), "no Jackson configuration advice: " + message);

            assertEquals(
                    4,
                    run(tasker, "count", Map.of("count", 2))
                            .step("count")
                            .result()
                            .get("doubled")
                            .asInt(),
                    "a whole number binds");
        }
    }

    @Test
    void a_number_out_of_the_parameters_range_fails_the_step_instead_of_wrapping() {
        try (Tasker tasker = builder().build()) {
            StepSnapshot intStep =
                    run(tasker, "count", Map.of("count", 3_000_000_000L)).step("count");
            assertEquals(StepState.ERROR, intStep.state());
            String message = intStep.error().get("message").asText();
            assertTrue(message.contains("@Input(\"count\")") && message.contains("3000000000"), message);
            assertTrue(message.contains("out of range of int"), message);

            StepSnapshot optionalStep = run(
                            tasker,
                            "big",
                            Map.of("count", new java.math.BigInteger("99999999999999999999"), "ratio", 1))
                    .step("big");
            assertEquals(StepState.ERROR, optionalStep.state());
            String longMessage = optionalStep.error().get("message").asText();
            assertTrue(longMessage.contains("99999999999999999999") && longMessage.contains("long"), longMessage);

            StepSnapshot ratio = run(tasker, "big", Map.of("count", 1, "ratio", new BigDecimal("0.5")))
                    .step("big");
            assertEquals(StepState.ERROR, ratio.state(), "an Optional<Integer> is as strict");
            assertTrue(ratio.error().get("message").asText().contains("@Input(\"ratio\")"));
        }
    }

    @Test
    void result_of_class_reads_a_step_result_as_a_record() {
        try (Tasker tasker = builder().build()) {
            TaskSnapshot s = run(
                    tasker, "approve", Map.of("invoice_id", "INV-10", "total_amount", 12, "approver_email", "x@y.z"));
            Approval approval = s.step("approve").result(Approval.class);
            assertEquals(new Approval("INV-10", true, DECIDED, "x@y.z"), approval);
            Approval stored =
                    tasker.task(s.taskId()).orElseThrow().step("approve").result(Approval.class);
            assertEquals(approval, stored, "the stored snapshot reads the same");

            Map<String, Object> asMap = s.step("approve").result(new TypeReference<Map<String, Object>>() {});
            assertEquals("INV-10", asMap.get("invoice_id"));

            TaskSnapshot failed = run(tasker, "count", Map.of("count", new BigDecimal("2.7")));
            assertNull(failed.step("count").result(Approval.class), "no result: null");
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> s.step("approve").result(Integer.class));
            assertTrue(e.getMessage().contains("Integer"), e.getMessage());
        }
    }

    @Test
    void the_json_option_changes_the_rules_for_handlers_and_a_customizer_returning_null_is_refused() {
        try (Tasker tasker = builder().json(b -> b.propertyNamingStrategy(null)).build()) {
            TaskSnapshot s = run(tasker, "pojo", Map.of("invoiceId", "INV-11", "lineCount", 1));
            JsonNode result = s.step("pojo").result();
            assertEquals("INV-11-copy", result.get("invoiceId").asText(), "Java names kept: " + result);
            assertEquals(2, result.get("lineCount").asInt(), result.toString());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> builder().json(b -> null).build());
        assertTrue(e.getMessage().contains("json(...)"), e.getMessage());
    }
}
