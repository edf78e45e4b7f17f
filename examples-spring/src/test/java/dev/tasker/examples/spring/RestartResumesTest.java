package dev.tasker.examples.spring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The application stops while a task's second step runs, and a new start on the same H2 file finishes the task.
 * Two whole applications one after the other (not {@code @SpringBootTest}, whose context lives for the class).
 */
class RestartResumesTest {
    @TempDir
    Path dir;

    /** A ledger that blocks until the application stops (and interrupts it). */
    static final class StuckLedger implements Ledger {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public String book(String invoiceId, String customer, BigDecimal amount) throws InterruptedException {
            entered.countDown();
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        }
    }

    ConfigurableApplicationContext start(Ledger ledger) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(InvoiceApplication.class);
        if (ledger != null) {
            app.initializers((GenericApplicationContext context) ->
                    context.registerBean("stuckLedger", Ledger.class, () -> ledger, bean -> bean.setPrimary(true)));
        }
        return app.run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn",
                "--tasker.database.h2-file=" + dir.resolve("tasker"),
                // A handler still running after this is interrupted; its step runs again at the next start.
                "--tasker.shutdown-grace=0s");
    }

    static Http http(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getBeanFactory().resolveEmbeddedValue("${local.server.port}")));
    }

    @Test
    void a_task_stopped_in_its_second_step_completes_after_the_restart() throws Exception {
        StuckLedger stuck = new StuckLedger();
        String taskId;
        try (ConfigurableApplicationContext first = start(stuck)) {
            Http.Response posted = http(first).post("/invoices", """
                    {"invoice_id": "INV-9", "customer": "globex", "amount": 99}""");
            assertEquals(202, posted.status(), posted.body()::toString);
            taskId = posted.body().get("task_id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> stuck.entered.getCount() == 0);
            JsonNode running = http(first).get("/tasks/" + taskId).body();
            assertEquals("COMPLETE", running.at("/steps/validate_invoice/state").asText(), running::toString);
            assertEquals("IN_PROGRESS", running.at("/steps/book_invoice/state").asText(), running::toString);
        }

        try (ConfigurableApplicationContext second = start(null)) {
            Http http = http(second);
            JsonNode task = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> http.get("/tasks/" + taskId).body(),
                            t -> "COMPLETE".equals(t.path("state").asText()));
            assertTrue(
                    task.at("/steps/book_invoice/result/ledger_entry").asText().startsWith("L-"), task::toString);
            assertEquals(
                    "globex", task.at("/steps/notify_customer/result/notified").asText());
            assertEquals(1, task.at("/steps/validate_invoice/attempts").asInt(), "a completed step ran again");
        }
    }
}
