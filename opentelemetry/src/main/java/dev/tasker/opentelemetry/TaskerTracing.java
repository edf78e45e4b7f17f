package dev.tasker.opentelemetry;

import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.AttemptOutcome;
import dev.tasker.engine.observe.HandlerScope;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import dev.tasker.engine.observe.TaskEnd;
import dev.tasker.engine.observe.TemplateRef;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry spans for one engine: a span per task and one per step attempt, in the submitter's trace.
 *
 * <pre>{@code
 * Tasker tasker = Tasker.builder().instrumentation(new TaskerTracing(openTelemetry))...build();
 * }</pre>
 *
 * <p>At {@code submit}, on the submitter's thread, a task span {@code "task <namespace>/<template>"} starts
 * as a child of the submitter's current context, and its context is stored with the task as a W3C
 * {@code traceparent} (with the {@code tracestate}). Each step attempt is a span {@code "step <name>"} whose
 * parent is that stored context: after a restart, or on another node, the attempts still join the trace
 * and the task span, so one trace id covers a workflow that outlived a crash. A retry is a new attempt span;
 * a failure sets the span's status to ERROR and records what the handler threw. While the handler runs its
 * attempt span is current, so the handler's own spans (and logs carrying the trace id) nest under it.
 *
 * <p>The task span ends when the task finishes (or blocks on failures) if this process still holds it: a
 * task span whose process stopped or died before the task finished is never ended, so never exported (the
 * steps after the restart keep its trace id and name it as their parent). Tasks submitted while no
 * tracing was registered have no stored context: each of their attempts starts a trace of its own.
 *
 * <p>Attributes: {@code tasker.task.id}, {@code tasker.namespace}, {@code tasker.template},
 * {@code tasker.template.version}, {@code tasker.step}, {@code tasker.step.id}, {@code tasker.attempt},
 * {@code tasker.attempt.outcome}, {@code tasker.queue.wait_ms}, {@code tasker.task.state}, {@code error.type}.
 */
public final class TaskerTracing implements Instrumentation {
    /** The tracer's instrumentation scope name. */
    public static final String SCOPE = "dev.tasker";

    public static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("tasker.task.id");
    public static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("tasker.namespace");
    public static final AttributeKey<String> TEMPLATE = AttributeKey.stringKey("tasker.template");
    public static final AttributeKey<String> TEMPLATE_VERSION = AttributeKey.stringKey("tasker.template.version");
    public static final AttributeKey<String> STEP = AttributeKey.stringKey("tasker.step");
    public static final AttributeKey<String> STEP_ID = AttributeKey.stringKey("tasker.step.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tasker.attempt");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tasker.attempt.outcome");
    public static final AttributeKey<Long> QUEUE_WAIT_MS = AttributeKey.longKey("tasker.queue.wait_ms");
    public static final AttributeKey<String> TASK_STATE = AttributeKey.stringKey("tasker.task.state");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    /** The task spans this process started and has not ended, by span id. */
    private final Map<String, Span> taskSpans = new ConcurrentHashMap<>();

    /** Spans through {@code openTelemetry}'s tracer provider (the application's SDK). */
    public TaskerTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    @Override
    public @Nullable String taskSubmitting(TemplateRef template) {
        Span span = tracer.spanBuilder("task " + template.namespace() + "/" + template.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setAttribute(NAMESPACE, template.namespace())
                .setAttribute(TEMPLATE, template.name())
                .setAttribute(TEMPLATE_VERSION, template.version())
                .startSpan();
        SpanContext sc = span.getSpanContext();
        if (!sc.isValid()) {
            span.end(); // no SDK (or not sampled at all): nothing worth storing
            return null;
        }
        taskSpans.put(sc.getSpanId(), span);
        return encode(Context.root().with(span));
    }

    @Override
    public void taskSubmitted(
            TemplateRef template, @Nullable String propagation, @Nullable UUID taskId, boolean created) {
        if (propagation == null) {
            return;
        }
        String spanId = spanIdOf(propagation);
        if (created) {
            Span span = taskSpans.get(spanId);
            if (span != null && taskId != null) {
                span.setAttribute(TASK_ID, taskId.toString());
            }
            return;
        }
        Span span = taskSpans.remove(spanId);
        if (span == null) {
            return;
        }
        if (taskId == null) {
            span.setStatus(StatusCode.ERROR, "the submit failed");
        } else {
            span.setAttribute(TASK_ID, taskId.toString());
            span.setAttribute("tasker.duplicate", true); // the existing task keeps its own trace
        }
        span.end();
    }

    /**
     * The attempt's span starts when its handler starts, on the handler's thread (the engine loop, which
     * tells of every attempt, only notes it), or when the attempt ends if no handler ran.
     */
    @Override
    public AttemptObserver attemptStarted(StepAttempt attempt) {
        return new AttemptSpan(this, attempt);
    }

    private Span startSpan(StepAttempt attempt) {
        var task = attempt.task();
        return tracer.spanBuilder("step " + attempt.templateStep())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(parentOf(task.propagation()))
                .setAttribute(TASK_ID, task.taskId().toString())
                .setAttribute(NAMESPACE, task.template().namespace())
                .setAttribute(TEMPLATE, task.template().name())
                .setAttribute(TEMPLATE_VERSION, task.template().version())
                .setAttribute(STEP, attempt.step())
                .setAttribute(STEP_ID, attempt.stepId().toString())
                .setAttribute(ATTEMPT, (long) attempt.attempt())
                .setAttribute(QUEUE_WAIT_MS, attempt.queueWait().toMillis())
                .startSpan();
    }

    @Override
    public void taskFinished(TaskEnd end) {
        String propagation = end.task().propagation();
        if (propagation == null) {
            return;
        }
        Span span = taskSpans.remove(spanIdOf(propagation));
        if (span == null) {
            return; // started by a process that stopped or died: lost (its steps keep the trace id)
        }
        span.setAttribute(TASK_ID, end.task().taskId().toString());
        span.setAttribute(TASK_STATE, end.state());
        if (end.state().equals("error") || end.state().equals("blocked_by_failures")) {
            span.setStatus(StatusCode.ERROR, "task " + end.state());
        }
        span.end();
    }

    /** Task spans started here and not ended yet (their tasks are unfinished or were lost). */
    int openTaskSpans() {
        return taskSpans.size();
    }

    /** The stored context as a parent: the task span when this process holds it, else its remote context. */
    private Context parentOf(@Nullable String propagation) {
        if (propagation == null) {
            return Context.root();
        }
        Span held = taskSpans.get(spanIdOf(propagation));
        if (held != null) {
            return Context.root().with(held);
        }
        return decode(propagation);
    }

    /** {@code traceparent}, or {@code traceparent;tracestate} (a traceparent never holds a ';'). */
    static String encode(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, (c, k, v) -> {
            if (c != null) {
                c.put(k, v);
            }
        });
        String parent = carrier.getOrDefault(TRACEPARENT, "");
        String state = carrier.get(TRACESTATE);
        return state == null || state.isEmpty() ? parent : parent + ";" + state;
    }

    static Context decode(String propagation) {
        int cut = propagation.indexOf(';');
        Map<String, String> carrier = new HashMap<>(2);
        carrier.put(TRACEPARENT, cut < 0 ? propagation : propagation.substring(0, cut));
        if (cut >= 0) {
            carrier.put(TRACESTATE, propagation.substring(cut + 1));
        }
        return W3C.extract(Context.root(), carrier, GETTER);
    }

    /** The span id of a stored traceparent ({@code 00-<trace id>-<span id>-<flags>}), or "" when malformed. */
    private static String spanIdOf(String propagation) {
        int first = propagation.indexOf('-');
        int second = first < 0 ? -1 : propagation.indexOf('-', first + 1);
        int third = second < 0 ? -1 : propagation.indexOf('-', second + 1);
        return third < 0 ? "" : propagation.substring(second + 1, third);
    }

    /** One attempt's span: current while its handler runs, ended with the attempt's outcome. */
    private static final class AttemptSpan implements AttemptObserver {
        private final TaskerTracing tracing;
        private final StepAttempt attempt;
        /** Started by the first handler run; read by the loop after the handler's outcome reached it. */
        private volatile @Nullable Span started;

        AttemptSpan(TaskerTracing tracing, StepAttempt attempt) {
            this.tracing = tracing;
            this.attempt = attempt;
        }

        private Span span() {
            Span s = started;
            if (s == null) {
                s = tracing.startSpan(attempt);
                started = s;
            }
            return s;
        }

        @Override
        public HandlerScope enterHandler() {
            Scope scope = Context.root().with(span()).makeCurrent();
            return scope::close;
        }

        @Override
        public void finished(AttemptEnd end) {
            Span span = span();
            span.setAttribute(OUTCOME, end.outcome().tagValue());
            if (end.outcome() != AttemptOutcome.SUCCEEDED && end.outcome() != AttemptOutcome.CANCELLED) {
                String type = end.errorType() == null ? end.outcome().tagValue() : end.errorType();
                span.setAttribute(ERROR_TYPE, type);
                Throwable thrown = end.exception();
                if (thrown != null) {
                    span.recordException(thrown);
                }
                String message = end.errorMessage();
                span.setStatus(StatusCode.ERROR, message == null ? type : message);
            }
            span.end();
        }
    }
}
