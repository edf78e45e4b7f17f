package dev.tasker.examples.spring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on a random port, driven over HTTP as a client would. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "logging.level.root=warn"})
class InvoiceApplicationTest {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws IOException {
        String file = Files.createTempDirectory("tasker-spring-example")
                .resolve("tasker")
                .toString();
        registry.add("tasker.database.h2-file", () -> file);
    }

    @Value("${local.server.port}")
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    JsonNode reaches(String taskId, String state) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> http.get("/tasks/" + taskId).body(),
                        t -> state.equals(t.path("state").asText()));
    }

    @Test
    void an_invoice_posted_over_rest_is_approved_by_the_handler_beans() throws Exception {
        Http.Response posted = http.post("/invoices", """
                {"invoice_id": "INV-1", "customer": "acme", "amount": 120.50}""");
        assertEquals(202, posted.status(), posted.body()::toString);
        String taskId = posted.body().get("task_id").asText();

        JsonNode task = reaches(taskId, "COMPLETE");
        assertEquals("billing/approve_invoice", task.get("template").asText());
        JsonNode steps = task.get("steps");
        assertEquals(120.50, steps.at("/validate_invoice/result/amount").asDouble());
        String entry = steps.at("/book_invoice/result/ledger_entry").asText();
        assertTrue(entry.startsWith("L-"), task::toString);
        assertEquals("acme", steps.at("/notify_customer/result/notified").asText());
        assertEquals(entry, steps.at("/notify_customer/result/ledger_entry").asText());
    }

    @Test
    void posting_the_same_invoice_twice_gives_the_same_task() throws Exception {
        String body = """
                {"invoice_id": "INV-2", "customer": "acme", "amount": 10}""";
        JsonNode first = http.post("/invoices", body).body();
        JsonNode second = http.post("/invoices", body).body();
        assertEquals(first.get("task_id"), second.get("task_id"));
        assertTrue(second.get("duplicate").asBoolean());
    }

    @Test
    void an_invalid_invoice_blocks_on_its_validation_step() throws Exception {
        String taskId = http.post("/invoices", """
                        {"invoice_id": "INV-3", "customer": "acme", "amount": -5}""").body().get("task_id").asText();
        JsonNode task = reaches(taskId, "BLOCKED_BY_FAILURES");
        JsonNode validate = task.at("/steps/validate_invoice");
        assertEquals("ERROR", validate.get("state").asText());
        assertTrue(validate.get("error").toString().contains("amount must be positive"), validate::toString);
        assertEquals("PENDING", task.at("/steps/book_invoice/state").asText());
    }

    @Test
    void an_unknown_task_is_not_found() throws Exception {
        assertEquals(
                404, http.get("/tasks/0190a6b2-0000-7000-8000-000000000000").status());
    }

    @Test
    void actuator_shows_the_engines_health() throws Exception {
        Http.Response health = http.get("/actuator/health/tasker");
        assertEquals(200, health.status(), health.body()::toString);
        assertEquals("UP", health.body().get("status").asText());
        assertEquals("UP", health.body().at("/details/loop/status").asText(), health.body()::toString);
        assertEquals("UP", health.body().at("/details/store/status").asText());
    }
}
