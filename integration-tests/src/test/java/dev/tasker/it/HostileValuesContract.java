package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile values on a real database (issue #12): every case is refused or contained with the engine's own
 * error, a canary task completes after each, the engine starts again on the same store within seconds, and
 * no log line or exception carries the marker planted in contexts, results and errors. One subclass per
 * database.
 */
abstract class HostileValuesContract {
    /** Planted in contexts, results and errors; must never appear in a log line or an exception. */
    static final String MARKER = "S3CR3T-" + "7f3a9c"; // short: PostgreSQL quotes 64 bytes of each value

    private static final ObjectMapper BIG_DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String TEMPLATE = """
            name: %s
            namespace_name: hostile
            version: 1.0.0
            steps:
              - name: work
                handler: {callable: %s}
                retry: {max_attempts: 1}
                timeout_seconds: 30
            """;
    private static final Duration RESTART = Duration.ofSeconds(20);

    private final ManualClock clock = new ManualClock();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final List<Throwable> thrown = new ArrayList<>();
    private PrintStream originalErr;

    /** The JDBC URL of this test's store (the same for every engine of one test). */
    abstract String url();

    @BeforeEach
    void captureLogs() {
        originalErr = System.err;
        // slf4j-simple writes to whatever System.err is when it logs: tee it into the capture.
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (logged) {
                    logged.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (logged) {
                    logged.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void noLogLineOrExceptionCarriesTheMarker() {
        System.setErr(originalErr);
        String log;
        synchronized (logged) {
            log = logged.toString(StandardCharsets.UTF_8);
        }
        assertFalse(log.contains(MARKER), "a log line carries planted data:\n" + excerpt(log));
        assertFalse(log.contains("Batch entry"), "a log line carries the driver's batch text:\n" + excerpt(log));
        for (Throwable t : thrown) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(MARKER), "an exception carries planted data:\n" + trace);
        }
    }

    private static String excerpt(String log) {
        int at = Math.max(log.indexOf(MARKER), log.indexOf("Batch entry"));
        return log.substring(Math.max(0, at - 1500), Math.min(log.length(), at + 200));
    }

    private TaskerBuilder builder(Limits limits) {
        TaskerBuilder b = Tasker.builder()
                .jdbcUrl(url())
                .clock(clock)
                .backoffJitter(0)
                .poolSize(3)
                .limits(limits)
                .handler("canary", ctx -> StepHandlerResult.success(Map.of("ok", true)))
                .handler("hostile", HostileValuesContract::hostileResult);
        for (String name : List.of("canary", "hostile")) {
            b.templateYaml(TEMPLATE.formatted(name, name), name + ".yaml");
        }
        return b;
    }

    /** What the step does, by the context's "kind". */
    private static StepHandlerResult hostileResult(dev.tasker.api.StepContext ctx) {
        String kind = ctx.getInput("kind").asText();
        return switch (kind) {
            case "big" -> StepHandlerResult.success(Map.of("blob", MARKER + "x".repeat(25_000_000)));
            case "deep" -> StepHandlerResult.success(deep(10_000, MARKER));
            case "self" -> {
                Map<String, Object> self = new HashMap<>();
                self.put("secret", MARKER);
                self.put("self", self);
                yield StepHandlerResult.success(self);
            }
            case "huge_number" ->
                StepHandlerResult.success(Map.of("amount", new BigDecimal("1e-999999999"), "secret", MARKER));
            case "big_checkpoint" ->
                StepHandlerResult.checkpointYield(Map.of("cursor", MARKER + "c".repeat(17_000_000)), 1, null);
            case "poison" -> throw new IllegalStateException(MARKER + " card declined");
            case "nul" -> throw new IllegalStateException("card declined\u0000 " + MARKER);
            case "long_error" -> throw new IllegalStateException(MARKER + "e".repeat(5_000_000));
            default -> StepHandlerResult.success(Map.of("ok", true));
        };
    }

    private static JsonNode deep(int levels, String leaf) {
        JsonNode node = JsonNodeFactory.instance.textNode(leaf);
        for (int i = 0; i < levels; i++) {
            ArrayNode wrap = JsonNodeFactory.instance.arrayNode();
            wrap.add(node);
            node = wrap;
        }
        return node;
    }

    private <T extends Throwable> T refused(Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        thrown.add(e);
        return e;
    }

    private static TaskSnapshot run(Tasker tasker, String name, Object context) {
        return tasker.submit(TaskRequest.of("hostile", name, context)).await(TestEngines.AWAIT);
    }

    private static void canaryCompletes(Tasker tasker) {
        assertEquals(
                TaskState.COMPLETE,
                run(tasker, "canary", Map.of("n", UUID.randomUUID().toString())).state());
    }

    private Tasker restart(Limits limits) {
        return assertTimeoutPreemptively(
                RESTART,
                () -> builder(limits).build(),
                "the engine did not start again on the same store within " + RESTART);
    }

    @Test
    void hostile_contexts_are_refused_with_the_path_and_the_limit_and_the_engine_carries_on() throws Exception {
        try (Tasker tasker = builder(Limits.DEFAULTS).build()) {
            Map<String, Object> card =
                    Map.of("password", MARKER, "card_number", MARKER, "blob", "x".repeat(25_000_000));
            InvalidInputException big = refused(
                    InvalidInputException.class, () -> tasker.submit(TaskRequest.of("hostile", "canary", card)));
            assertTrue(big.limit().startsWith("maxContextBytes = "), big.getMessage());

            ObjectNode digits = JsonNodeFactory.instance.objectNode();
            digits.put("amount", new BigDecimal("9".repeat(1_200)));
            InvalidInputException longNumber = refused(
                    InvalidInputException.class,
                    () -> tasker.submit(new TaskRequest(
                            "hostile", "canary", null, digits, null, 0, null, null, null, null, null, null)));
            assertEquals("$.amount", longNumber.path());
            assertTrue(longNumber.limit().startsWith("maxNumberDigits"), longNumber.getMessage());

            for (String tiny : List.of("{\"amount\": 1e-999999999}", "{\"amount\": 1E+999999999}")) {
                JsonNode context = BIG_DECIMALS.readTree(tiny);
                InvalidInputException e = assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> refused(
                                InvalidInputException.class,
                                () -> tasker.submit(TaskRequest.of("hostile", "canary", context))));
                assertEquals("$.amount", e.path());
                assertTrue(e.limit().startsWith("maxNumberExponent"), e.getMessage());
            }

            InvalidInputException nan = refused(
                    InvalidInputException.class,
                    () -> tasker.submit(TaskRequest.of("hostile", "canary", Map.of("amount", Double.NaN))));
            assertEquals("$.amount", nan.path());

            ObjectNode nested = JsonNodeFactory.instance.objectNode();
            nested.set("tree", deep(10_000, MARKER));
            InvalidInputException tooDeep = refused(
                    InvalidInputException.class, () -> tasker.submit(TaskRequest.of("hostile", "canary", nested)));
            assertTrue(tooDeep.path().startsWith("$.tree[0][0]"), tooDeep.path());
            assertEquals("maxDepth = " + Limits.DEFAULT_DEPTH, tooDeep.limit());

            Map<String, Object> self = new HashMap<>();
            self.put("secret", MARKER);
            self.put("self", self);
            refused(InvalidInputException.class, () -> TaskRequest.of("hostile", "canary", self));

            canaryCompletes(tasker);
        }
        try (Tasker again = restart(Limits.DEFAULTS)) {
            canaryCompletes(again);
        }
    }

    @Test
    void hostile_results_and_errors_fail_only_their_step_with_a_clear_error() {
        List<UUID> tasks = new ArrayList<>();
        Limits limits = Limits.DEFAULTS.withMaxErrorBytes(64 << 10);
        try (Tasker tasker = builder(limits).build()) {
            Map<String, String> codes = Map.of(
                    "big",
                    "result_too_large",
                    "deep",
                    "invalid_result",
                    "self",
                    "invalid_result",
                    "huge_number",
                    "invalid_result",
                    "big_checkpoint",
                    "checkpoint_too_large");
            for (String kind : List.of("big", "deep", "self", "huge_number", "big_checkpoint")) {
                TaskSnapshot s = run(tasker, "hostile", Map.of("kind", kind));
                tasks.add(s.taskId());
                StepSnapshot work = s.step("work");
                assertEquals(StepState.ERROR, work.state(), kind);
                assertFalse(work.error().get("retryable").asBoolean(), kind + ": " + work.error());
                assertEquals(codes.get(kind), work.error().path("error_code").asText(), kind + ": " + work.error());
                canaryCompletes(tasker);
            }
            TaskSnapshot nul = run(tasker, "hostile", Map.of("kind", "nul"));
            tasks.add(nul.taskId());
            assertEquals(StepState.ERROR, nul.step("work").state());
            assertTrue(
                    nul.step("work")
                            .error()
                            .get("message")
                            .asText()
                            .startsWith("java.lang.IllegalStateException: card declined"),
                    nul.step("work").error().toString());

            TaskSnapshot longError = run(tasker, "hostile", Map.of("kind", "long_error"));
            tasks.add(longError.taskId());
            String message = longError.step("work").error().get("message").asText();
            assertTrue(
                    message.length() <= 64 << 10 && message.endsWith("[cut: longer than 65536 bytes]"),
                    message.length() + " chars");
            canaryCompletes(tasker);
        }
        try (Tasker again = restart(limits)) {
            for (UUID id : tasks) {
                assertTrue(again.task(id).orElseThrow().state().isTerminal()
                        || again.task(id).orElseThrow().state() == TaskState.BLOCKED_BY_FAILURES);
            }
            canaryCompletes(again);
        }
    }

    @Test
    void a_write_the_database_refuses_fails_its_task_and_the_loop_carries_on() throws SQLException {
        try (Tasker tasker = builder(Limits.DEFAULTS).build()) {
            // The database refuses one task's data (SQLState 23513 on H2, 23514 on PostgreSQL), which the engine
            // cannot know before writing.
            execute("ALTER TABLE tasker_step_transitions ADD CONSTRAINT hostile_refuses CHECK "
                    + "(reason IS NULL OR reason NOT LIKE '%card declined%')");
            TaskSnapshot poisoned = run(tasker, "hostile", Map.of("kind", "poison", "secret", MARKER));
            assertEquals(TaskState.ERROR, poisoned.state());
            String reason = tasker.audit(poisoned.taskId()).task().getLast().reason();
            assertTrue(
                    reason.contains("the database refused a write of this task")
                            && reason.contains("statement INSERT tasker_step_transitions")
                            && reason.contains("SQLState 2351"),
                    reason);
            canaryCompletes(tasker);
            canaryCompletes(tasker);
        }
        try (Tasker again = restart(Limits.DEFAULTS)) {
            canaryCompletes(again);
        }
    }

    @Test
    void whatever_the_engine_stored_it_reads_back_and_starts_on() {
        // Over Jackson's default reader limits (20 MB strings, 1000-digit numbers): accepted once the limits
        // allow them, and readable after a restart.
        Limits generous = Limits.DEFAULTS
                .withMaxContextBytes(32L << 20)
                .withNumbers(5_000, 5_000)
                .withMaxDepth(1_000);
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.put("blob", "y".repeat(21_000_000));
        context.put("amount", new BigDecimal("7".repeat(4_000) + "e-4000"));
        context.set("tree", deep(990, "leaf"));
        context.put("kind", "ok");
        UUID id;
        try (Tasker tasker = builder(generous).build()) {
            TaskSnapshot s = run(tasker, "hostile", context);
            assertEquals(TaskState.COMPLETE, s.state());
            id = s.taskId();
        }
        try (Tasker again = restart(Limits.DEFAULTS)) {
            TaskSnapshot back = again.task(id).orElseThrow();
            assertEquals(21_000_000, back.context().get("blob").asText().length());
            assertEquals(
                    0,
                    new BigDecimal("7".repeat(4_000) + "e-4000")
                            .compareTo(back.context().get("amount").decimalValue()));
            assertEquals(
                    1,
                    again.tasks(dev.tasker.engine.TaskQuery.all()).stream()
                            .filter(t -> t.taskId().equals(id))
                            .count());
            canaryCompletes(again);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
