package dev.tasker.examples.spring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST side. Requests and responses are read and written by Spring's Jackson 3; the engine's values are
 * Jackson 2 trees (com.fasterxml), turned into plain maps and lists here before Spring writes them.
 */
@RestController
public class InvoiceController {
    /** Jackson 2, for the engine's trees only. */
    private static final ObjectMapper ENGINE_JSON = new ObjectMapper();

    private final Tasker tasker;

    public InvoiceController(Tasker tasker) {
        this.tasker = tasker;
    }

    /**
     * An invoice to approve, as posted: {@code {"invoice_id": "INV-1", "customer": "acme", "amount": 120.50}}.
     * The annotations of {@code com.fasterxml.jackson.annotation} serve Spring's Jackson 3 as well.
     */
    public record Invoice(@JsonProperty("invoice_id") String invoiceId, String customer, BigDecimal amount) {}

    @PostMapping("/invoices")
    public ResponseEntity<Map<String, Object>> submit(@RequestBody Invoice invoice) {
        TaskHandle handle = tasker.submit(TaskRequest.of(
                        "billing",
                        "approve_invoice",
                        Map.of(
                                "invoice_id", invoice.invoiceId(),
                                "customer", invoice.customer(),
                                "amount", invoice.amount()))
                .withIdempotencyKey("invoice-" + invoice.invoiceId()));
        URI location = URI.create("/tasks/" + handle.taskId());
        return ResponseEntity.accepted()
                .location(location)
                .body(Map.of("task_id", handle.taskId().toString(), "duplicate", handle.isDuplicate()));
    }

    @GetMapping("/tasks/{id}")
    public ResponseEntity<Map<String, Object>> task(@PathVariable UUID id) {
        return tasker.task(id)
                .map(InvoiceController::view)
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Map<String, Object> view(TaskSnapshot task) {
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepSnapshot step : task.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("state", step.state().name());
            s.put("attempts", step.attempts());
            s.put("result", plain(step.result()));
            s.put("error", plain(step.error()));
            steps.put(step.name(), s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", task.taskId().toString());
        out.put("template", task.namespace() + "/" + task.name());
        out.put("state", task.state().name());
        out.put("steps", steps);
        return out;
    }

    private static Object plain(JsonNode node) {
        return node == null ? null : ENGINE_JSON.convertValue(node, Object.class);
    }
}
