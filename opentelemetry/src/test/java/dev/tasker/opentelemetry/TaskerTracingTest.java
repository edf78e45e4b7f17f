package dev.tasker.opentelemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The span tree an SDK's in-memory exporter sees, on a real engine (H2 file), across a restart too. */
class TaskerTracingTest {
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final String DIAMOND = """
            name: diamond
            namespace_name: tracing
            version: 1.0.0
            steps:
              - name: a
                handler: {callable: a}
              - name: b
                handler: {callable: b}
                dependencies: [a]
                retry: {max_attempts: 3, backoff: none}
              - name: c
                handler: {callable: c}
                dependencies: [a]
                retry: {max_attempts: 1}
              - name: d
                handler: {callable: d}
                dependencies: [b, c]
                retry: {max_attempts: 3, backoff: none}
            """;

    @TempDir
    Path dir;

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private final OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    private final Tracer appTracer = otel.getTracer("app");
    private final Map<String, StepHandler> handlers = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        otel.close();
    }

    private Tasker engine() {
        var b = Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db"))
                .shutdownGrace(Duration.ZERO)
                .templateYaml(DIAMOND, "diamond.yaml")
                .instrumentation(new TaskerTracing(otel));
        for (String step : List.of("a", "b", "c", "d")) {
            b.handler(step, ctx -> handlers.getOrDefault(step, okHandler()).call(ctx));
        }
        return b.build();
    }

    private static StepHandler okHandler() {
        return ctx -> StepHandlerResult.success(Map.of());
    }

    /** Submits inside an application span "request", as a web request would. */
    private TaskHandle submitInRequest(Tasker tasker) {
        Span request = appTracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            return tasker.submit(TaskRequest.of("tracing", "diamond", Map.of()));
        } finally {
            request.end();
        }
    }

    private List<SpanData> spans(String name) {
        return exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
    }

    private SpanData only(String name) {
        List<SpanData> found = spans(name);
        assertEquals(1, found.size(), () -> name + ": " + exporter.getFinishedSpanItems());
        return found.get(0);
    }

    @Test
    void a_diamond_is_one_trace_under_the_submitter_task_then_one_span_per_step_attempt() {
        // the handler's own span nests under its attempt span
        handlers.put("c", ctx -> {
            appTracer.spanBuilder("handler work").startSpan().end();
            return StepHandlerResult.success(Map.of());
        });
        TaskHandle h;
        try (Tasker tasker = engine()) {
            h = submitInRequest(tasker);
            assertEquals(TaskState.COMPLETE, h.await(AWAIT).state());
            await().atMost(AWAIT).until(() -> spans("task tracing/diamond").size() == 1);
        }
        SpanData request = only("request");
        SpanData task = only("task tracing/diamond");
        assertEquals(request.getSpanId(), task.getParentSpanId(), "the task span is the submitter's child");
        assertEquals(h.taskId().toString(), task.getAttributes().get(TaskerTracing.TASK_ID));
        assertEquals("complete", task.getAttributes().get(TaskerTracing.TASK_STATE));
        for (String step : List.of("a", "b", "c", "d")) {
            SpanData s = only("step " + step);
            assertEquals(task.getSpanId(), s.getParentSpanId(), step);
            assertEquals(step, s.getAttributes().get(TaskerTracing.STEP));
            assertEquals(1L, s.getAttributes().get(TaskerTracing.ATTEMPT));
            assertEquals("tracing", s.getAttributes().get(TaskerTracing.NAMESPACE));
            assertEquals("diamond", s.getAttributes().get(TaskerTracing.TEMPLATE));
            assertEquals("succeeded", s.getAttributes().get(TaskerTracing.OUTCOME));
            assertEquals(h.taskId().toString(), s.getAttributes().get(TaskerTracing.TASK_ID));
            assertFalse(s.getStatus().getStatusCode() == StatusCode.ERROR, step);
        }
        assertEquals(only("step c").getSpanId(), only("handler work").getParentSpanId());
        Set<String> traces = exporter.getFinishedSpanItems().stream()
                .map(SpanData::getTraceId)
                .collect(Collectors.toSet());
        assertEquals(Set.of(request.getTraceId()), traces);
    }

    @Test
    void a_retried_step_gives_one_span_per_attempt_and_a_failing_step_records_the_exception() {
        AtomicInteger bCalls = new AtomicInteger();
        CountDownLatch bRetried = new CountDownLatch(1);
        handlers.put("b", ctx -> {
            if (bCalls.incrementAndGet() == 1) {
                throw new RetryableError("busy, try again");
            }
            bRetried.countDown();
            return StepHandlerResult.success(Map.of());
        });
        handlers.put("c", ctx -> {
            // c's failure stops new attempts in the task (fail-fast): it waits for b's retry to have started
            assertTrue(bRetried.await(30, TimeUnit.SECONDS));
            throw new PermanentError("card declined");
        });
        TaskSnapshot s;
        try (Tasker tasker = engine()) {
            s = submitInRequest(tasker).await(AWAIT);
            await().atMost(AWAIT).until(() -> spans("task tracing/diamond").size() == 1);
        }
        assertEquals(TaskState.BLOCKED_BY_FAILURES, s.state());
        SpanData task = only("task tracing/diamond");
        assertEquals(StatusCode.ERROR, task.getStatus().getStatusCode());
        List<SpanData> b = spans("step b").stream()
                .sorted(java.util.Comparator.comparing(x -> x.getAttributes().get(TaskerTracing.ATTEMPT)))
                .toList();
        assertEquals(2, b.size(), () -> "attempt spans of b: " + b);
        assertEquals(1L, b.get(0).getAttributes().get(TaskerTracing.ATTEMPT));
        assertEquals("retrying", b.get(0).getAttributes().get(TaskerTracing.OUTCOME));
        assertEquals(StatusCode.ERROR, b.get(0).getStatus().getStatusCode());
        assertEquals(2L, b.get(1).getAttributes().get(TaskerTracing.ATTEMPT));
        assertEquals("succeeded", b.get(1).getAttributes().get(TaskerTracing.OUTCOME));
        assertEquals(task.getSpanId(), b.get(0).getParentSpanId());
        assertEquals(task.getSpanId(), b.get(1).getParentSpanId());

        SpanData c = only("step c");
        assertEquals(StatusCode.ERROR, c.getStatus().getStatusCode());
        assertEquals("failed", c.getAttributes().get(TaskerTracing.OUTCOME));
        assertEquals("permanent_error", c.getAttributes().get(TaskerTracing.ERROR_TYPE));
        var exception = c.getEvents().stream()
                .filter(e -> e.getName().equals("exception"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no exception event on step c: " + c.getEvents()));
        assertEquals(
                PermanentError.class.getName(),
                exception.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.type")));
        assertTrue(spans("step d").isEmpty(), "d never ran");
    }

    @Test
    void a_task_resumed_after_a_restart_stays_in_the_submitters_trace() throws Exception {
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        handlers.put("b", ctx -> {
            bStarted.countDown();
            never.await(); // interrupted when the engine closes: the attempt is left unfinished
            return StepHandlerResult.success(Map.of());
        });
        TaskHandle h;
        String traceId;
        try (Tasker first = engine()) {
            h = submitInRequest(first);
            traceId = only("request").getTraceId();
            assertTrue(bStarted.await(30, TimeUnit.SECONDS));
            await().atMost(AWAIT)
                    .until(() -> first.task(h.taskId()).orElseThrow().step("b").state() == StepState.IN_PROGRESS
                            && spans("step c").size() == 1);
        }
        assertTrue(spans("task tracing/diamond").isEmpty(), "the first process never ended its task span");
        handlers.put("b", okHandler());
        try (Tasker second = engine()) {
            TaskSnapshot done = second.handle(h.taskId()).await(AWAIT);
            assertEquals(TaskState.COMPLETE, done.state());
            await().atMost(AWAIT).until(() -> spans("step d").size() == 1);
        }
        SpanData a = only("step a");
        SpanData d = only("step d");
        SpanData bAgain = spans("step b").stream()
                .filter(x -> x.getAttributes().get(TaskerTracing.ATTEMPT) == 2L)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no second attempt of b: " + spans("step b")));
        assertNotNull(bAgain);
        // after the restart the steps name the stored task span as their parent, as before it
        assertEquals(a.getParentSpanId(), d.getParentSpanId());
        assertEquals(a.getParentSpanId(), bAgain.getParentSpanId());
        Set<String> traces = exporter.getFinishedSpanItems().stream()
                .map(SpanData::getTraceId)
                .collect(Collectors.toSet());
        assertEquals(Set.of(traceId), traces, () -> "spans: " + exporter.getFinishedSpanItems());
    }

    @Test
    void spans_keep_their_times_and_the_close_ends_every_span_the_loop_handed_over() {
        TaskHandle h;
        try (Tasker tasker = engine()) {
            h = submitInRequest(tasker);
            assertEquals(TaskState.COMPLETE, h.await(AWAIT).state());
        } // no waiting for spans: the close ends what the loop handed to the background ending
        SpanData task = only("task tracing/diamond");
        assertTrue(task.hasEnded());
        for (String step : List.of("a", "b", "c", "d")) {
            SpanData s = only("step " + step);
            assertTrue(task.getStartEpochNanos() <= s.getStartEpochNanos(), () -> step + " starts after its task");
            assertTrue(s.getStartEpochNanos() <= s.getEndEpochNanos(), () -> step + " ends after it starts");
            assertTrue(s.getEndEpochNanos() <= task.getEndEpochNanos(), () -> step + " ends before its task");
        }
    }

    @Test
    void the_stored_context_is_written_and_read_as_the_w3c_propagator_does() {
        Span span = appTracer.spanBuilder("x").startSpan();
        var context = io.opentelemetry.context.Context.root().with(span);
        Map<String, String> carrier = new java.util.HashMap<>();
        io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()
                .inject(context, carrier, Map::put);
        String stored = TaskerTracing.encode(context);
        assertEquals(carrier.get("traceparent"), stored);
        var back = Span.fromContext(TaskerTracing.decode(stored)).getSpanContext();
        assertEquals(span.getSpanContext().getTraceId(), back.getTraceId());
        assertEquals(span.getSpanContext().getSpanId(), back.getSpanId());
        assertEquals(span.getSpanContext().getTraceFlags(), back.getTraceFlags());
        assertTrue(back.isRemote());
        span.end();
        for (String bad : List.of("", "garbage", "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01")) {
            assertFalse(
                    Span.fromContext(TaskerTracing.decode(bad)).getSpanContext().isValid(), () -> "'" + bad + "'");
        }
    }

    @Test
    void the_stored_context_round_trips_with_its_tracestate() {
        Span span = appTracer.spanBuilder("x").startSpan();
        var withState = io.opentelemetry.context.Context.root()
                .with(Span.wrap(io.opentelemetry.api.trace.SpanContext.create(
                        span.getSpanContext().getTraceId(),
                        span.getSpanContext().getSpanId(),
                        io.opentelemetry.api.trace.TraceFlags.getSampled(),
                        io.opentelemetry.api.trace.TraceState.builder()
                                .put("vendor", "a;b")
                                .build())));
        String stored = TaskerTracing.encode(withState);
        assertTrue(stored.startsWith("00-" + span.getSpanContext().getTraceId() + "-"), stored);
        var back = Span.fromContext(TaskerTracing.decode(stored)).getSpanContext();
        assertEquals(span.getSpanContext().getTraceId(), back.getTraceId());
        assertEquals(span.getSpanContext().getSpanId(), back.getSpanId());
        assertEquals("a;b", back.getTraceState().get("vendor"));
        assertTrue(back.isRemote());
        span.end();
    }
}
