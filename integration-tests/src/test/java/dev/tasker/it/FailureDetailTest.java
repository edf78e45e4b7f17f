package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.StepHandler;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failed attempt can be debugged: logged with its trace, stored with its causes and a bounded trace. */
class FailureDetailTest {
    private final ManualClock clock = new ManualClock();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err; // slf4j-simple writes to whatever System.err is at each line
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
        System.err.print(log.toString(StandardCharsets.UTF_8));
    }

    private Tasker engine(StepHandler handler) {
        return TestEngines.builder(clock)
                .templateYaml(RetryTest.template("{max_attempts: 1}", null), "flaky.yaml")
                .handler("flaky", handler)
                .build();
    }

    private static void postInvoice() {
        try {
            throw new IOException("connection reset by ledger");
        } catch (IOException e) {
            throw new IllegalStateException("could not post invoice", e);
        }
    }

    @Test
    void the_stored_error_keeps_the_cause_chain_and_a_bounded_stack_trace_and_a_warn_is_logged() {
        try (Tasker tasker = engine(ctx -> {
            postInvoice();
            return null;
        })) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            TaskSnapshot s = Awaits.settled(tasker, h, TestEngines.AWAIT);

            JsonNode error = s.step("work").error();
            assertEquals(
                    "java.lang.IllegalStateException: could not post invoice",
                    error.get("message").asText());
            assertEquals(
                    "java.io.IOException: connection reset by ledger",
                    error.get("causes").get(0).asText());
            String trace = error.get("stack_trace").asText();
            assertTrue(trace.startsWith("java.lang.IllegalStateException: could not post invoice\n\tat "), trace);
            assertTrue(trace.contains("FailureDetailTest.postInvoice"), trace);
            assertTrue(trace.contains("Caused by: java.io.IOException: connection reset by ledger"), trace);
            assertTrue(trace.length() <= 8_100, "bounded: " + trace.length());

            String logged = log.toString(StandardCharsets.UTF_8);
            String line = logged.lines()
                    .filter(l -> l.contains("WARN") && l.contains("failed on attempt 1"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no WARN for the failed attempt in:\n" + logged));
            assertTrue(line.contains("step 'work' of task " + h.taskId()), line);
            assertTrue(logged.contains("Caused by: java.io.IOException\n\tat "), logged);
            assertTrue(logged.contains("FailureDetailTest.postInvoice"), logged);
            assertTrue(
                    !logged.contains("connection reset by ledger") && !logged.contains("could not post invoice"),
                    "messages, which may quote data, stay out of the log:\n" + logged);
        }
    }

    @Test
    void an_exception_whose_getMessage_throws_is_recorded_at_once() {
        RuntimeException broken = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("getMessage is broken");
            }
        };
        try (Tasker tasker = engine(ctx -> {
            throw broken;
        })) {
            TaskHandle h = tasker.submit(TaskRequest.of("retries", "flaky", Map.of()));
            // The manual clock never moves: only the outcome itself can settle the task, not a timeout.
            TaskSnapshot s = Awaits.settled(tasker, h, TestEngines.AWAIT);

            assertEquals(StepState.ERROR, s.step("work").state());
            String message = s.step("work").error().get("message").asText();
            assertTrue(message.contains("getMessage() threw java.lang.IllegalStateException"), message);
            assertEquals(
                    "handler_error", s.step("work").error().get("error_type").asText());
        }
    }
}
