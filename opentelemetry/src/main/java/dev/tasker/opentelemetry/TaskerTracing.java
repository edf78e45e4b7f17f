package dev.tasker.opentelemetry;

import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.AttemptOutcome;
import dev.tasker.engine.observe.HandlerScope;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import dev.tasker.engine.observe.TaskEnd;
import dev.tasker.engine.observe.TaskInfo;
import dev.tasker.engine.observe.TemplateRef;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * <p>Times: every span of Tasker starts and ends at the moment its event happened, read where it happens
 * ({@link Instant#now()}: the wall clock in nanoseconds, to which the SDK anchors its own clock; a handler's
 * own spans, timed by the SDK, may differ from it by the clock's slew over the trace's life). So that the
 * engine's loop thread, which hears of every attempt's and task's end, builds nothing, it only notes that
 * moment; a background virtual thread sets the outcome and ends the span a few milliseconds later, and the
 * engine's {@code close()} ends what is left before it returns.
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

    /** A stored context is cached as a parsed parent for at most this many tasks this process does not hold. */
    private static final int MAX_REMOTE_PARENTS = 10_000;
    /** Span names ("step " + template step) are cached for at most this many template steps. */
    private static final int MAX_STEP_NAMES = 10_000;

    private final Tracer tracer;
    /**
     * The task spans this process started and has not ended, by the propagation stored with their task (the
     * very string the engine hands back in {@link TaskInfo#propagation()}, whose hash is computed once), each
     * with its parent context made once.
     */
    private final Map<String, TaskTrace> taskSpans = new ConcurrentHashMap<>();
    /** The parsed stored contexts of tasks whose span another process started (after a restart), bounded. */
    private final Map<String, TaskTrace> remoteParents = new ConcurrentHashMap<>();

    private final Map<String, String> stepSpanNames = new ConcurrentHashMap<>();
    /** Ends spans off the engine loop, which only notes the time and hands the end over. */
    private final Ending ending = new Ending();

    /** Spans through {@code openTelemetry}'s tracer provider (the application's SDK). */
    public TaskerTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    @Override
    public @Nullable String taskSubmitting(TemplateRef template) {
        long start = nowNanos();
        Span span = tracer.spanBuilder("task " + template.namespace() + "/" + template.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAttribute(NAMESPACE, template.namespace())
                .setAttribute(TEMPLATE, template.name())
                .setAttribute(TEMPLATE_VERSION, template.version())
                .startSpan();
        SpanContext sc = span.getSpanContext();
        if (!sc.isValid()) {
            span.end(); // no SDK (or not sampled at all): nothing worth storing
            return null;
        }
        Context parent = Context.root().with(span);
        String propagation = encode(parent);
        taskSpans.put(propagation, new TaskTrace(span, parent, start));
        return propagation;
    }

    /**
     * Nothing to do for a created task (its id is set on its span when the span ends, and a span this process
     * never ends is never exported); a duplicate's or a failed submit's span ends here.
     */
    @Override
    public void taskSubmitted(
            TemplateRef template, @Nullable String propagation, @Nullable UUID taskId, boolean created) {
        if (propagation == null || created) {
            return;
        }
        TaskTrace trace = taskSpans.remove(propagation);
        if (trace == null || trace.span == null) {
            return;
        }
        Span span = trace.span;
        if (taskId == null) {
            span.setStatus(StatusCode.ERROR, "the submit failed");
        } else {
            span.setAttribute(TASK_ID, taskId.toString());
            span.setAttribute("tasker.duplicate", true); // the existing task keeps its own trace
        }
        span.end(Math.max(nowNanos(), trace.startNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * The attempt's span starts when its handler starts, on the handler's thread (the engine loop, which
     * tells of every attempt, only notes it), or when the attempt ends if no handler ran.
     */
    @Override
    public AttemptObserver attemptStarted(StepAttempt attempt) {
        return new AttemptSpan(this, attempt);
    }

    /**
     * @param keepParent whether a parsed stored context may be kept for the task's later attempts (not when
     *     the span starts at the attempt's end: its task may have finished already, and nothing would forget it)
     */
    private Span startSpan(StepAttempt attempt, long startNanos, boolean keepParent) {
        var task = attempt.task();
        TaskTrace trace = traceOf(task.propagation(), keepParent);
        return tracer.spanBuilder(stepSpanName(attempt.templateStep()))
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(trace == null ? Context.root() : trace.parent)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                .setAttribute(TASK_ID, trace == null ? task.taskId().toString() : trace.taskId(task.taskId()))
                .setAttribute(NAMESPACE, task.template().namespace())
                .setAttribute(TEMPLATE, task.template().name())
                .setAttribute(TEMPLATE_VERSION, task.template().version())
                .setAttribute(STEP, attempt.step())
                .setAttribute(STEP_ID, attempt.stepId().toString())
                .setAttribute(ATTEMPT, (long) attempt.attempt())
                .setAttribute(QUEUE_WAIT_MS, queueWaitMillis(attempt))
                .startSpan();
    }

    private String stepSpanName(String templateStep) {
        String name = stepSpanNames.get(templateStep);
        if (name == null) {
            name = "step " + templateStep;
            if (stepSpanNames.size() < MAX_STEP_NAMES) {
                stepSpanNames.put(templateStep, name);
            }
        }
        return name;
    }

    /** {@link StepAttempt#queueWait()} in whole milliseconds, without a {@link java.time.Duration}. */
    private static long queueWaitMillis(StepAttempt attempt) {
        Instant ready = attempt.readyAt();
        Instant started = attempt.startedAt();
        long nanos = (started.getEpochSecond() - ready.getEpochSecond()) * 1_000_000_000L
                + (started.getNano() - ready.getNano());
        return Math.max(0, nanos) / 1_000_000;
    }

    /** On the engine loop: notes the time and hands the rest to the background ending. */
    @Override
    public void taskFinished(TaskEnd end) {
        if (end.task().propagation() != null) {
            ending.hand(new TaskEnding(this, end, nowNanos()));
        }
    }

    /** Ends the task's span (background ending); forgets its parsed context if another process started it. */
    private void endTaskSpan(TaskEnd end, long endNanos) {
        String propagation = end.task().propagation();
        if (propagation == null) {
            return;
        }
        TaskTrace trace = taskSpans.remove(propagation);
        if (trace == null) {
            remoteParents.remove(propagation);
            return; // started by a process that stopped or died: lost (its steps keep the trace id)
        }
        Span span = trace.span;
        if (span == null) {
            return;
        }
        span.setAttribute(TASK_ID, trace.taskId(end.task().taskId()));
        span.setAttribute(TASK_STATE, end.state());
        if (end.state().equals("error") || end.state().equals("blocked_by_failures")) {
            span.setStatus(StatusCode.ERROR, "task " + end.state());
        }
        span.end(Math.max(endNanos, trace.startNanos), TimeUnit.NANOSECONDS);
    }

    /** Ends now, on the closing thread, the spans whose end the stopped engine handed over. */
    @Override
    public void engineStopped() {
        ending.drain();
    }

    /** Task spans started here and not ended yet (their tasks are unfinished or were lost). */
    int openTaskSpans() {
        return taskSpans.size();
    }

    /**
     * The task's trace: the span this process holds, else its stored context parsed (once per task, kept for
     * a bounded number of tasks), or null when nothing was stored.
     */
    private @Nullable TaskTrace traceOf(@Nullable String propagation, boolean keep) {
        if (propagation == null) {
            return null;
        }
        TaskTrace held = taskSpans.get(propagation);
        if (held != null) {
            return held;
        }
        TaskTrace remote = remoteParents.get(propagation);
        if (remote == null) {
            remote = new TaskTrace(null, decode(propagation), 0);
            if (keep && remoteParents.size() < MAX_REMOTE_PARENTS) {
                remoteParents.put(propagation, remote);
            }
        }
        return remote;
    }

    /**
     * {@code traceparent}, or {@code traceparent;tracestate} (a traceparent never holds a ';'); "" for an
     * invalid context.
     */
    static String encode(Context context) {
        SpanContext sc = Span.fromContext(context).getSpanContext();
        if (sc.isValid() && sc.getTraceState().isEmpty()) { // the W3C format, without a map or the propagator
            return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-"
                    + sc.getTraceFlags().asHex();
        }
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

    /** The stored context as a remote parent; the root context when it is malformed. */
    static Context decode(String propagation) {
        // 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>, without a tracestate: read in place
        if (propagation.length() == 55
                && propagation.startsWith("00-")
                && propagation.charAt(35) == '-'
                && propagation.charAt(52) == '-') {
            SpanContext sc = SpanContext.createFromRemoteParent(
                    propagation.substring(3, 35),
                    propagation.substring(36, 52),
                    TraceFlags.fromHex(propagation, 53),
                    TraceState.getDefault());
            if (sc.isValid()) {
                return Context.root().with(Span.wrap(sc));
            }
        }
        int cut = propagation.indexOf(';');
        Map<String, String> carrier = new HashMap<>(2);
        carrier.put(TRACEPARENT, cut < 0 ? propagation : propagation.substring(0, cut));
        if (cut >= 0) {
            carrier.put(TRACESTATE, propagation.substring(cut + 1));
        }
        return W3C.extract(Context.root(), carrier, GETTER);
    }

    /** A task's span (null when another process started it) and its context as the parent of its steps. */
    private static final class TaskTrace {
        final @Nullable Span span;
        final Context parent;
        /** When the span started ({@link #nowNanos()}), 0 when another process started it. */
        final long startNanos;
        /** The task id as an attribute value, made once per task (a benign race may make it twice). */
        private @Nullable String taskId;

        TaskTrace(@Nullable Span span, Context parent, long startNanos) {
            this.span = span;
            this.parent = parent;
            this.startNanos = startNanos;
        }

        String taskId(UUID id) {
            String s = taskId;
            if (s == null) {
                s = id.toString();
                taskId = s;
            }
            return s;
        }
    }

    /**
     * Now, in nanoseconds since the epoch, as the SDK's own clock reads it ({@link Instant#now()}): every span
     * of Tasker starts and ends at a time taken here, where the event happens, so a span ended later on the
     * background thread keeps its exact times.
     */
    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The task's end, as the loop handed it over. */
    private static final class TaskEnding extends Ending.Pending {
        private final TaskerTracing tracing;
        private final TaskEnd end;
        private final long endNanos;

        TaskEnding(TaskerTracing tracing, TaskEnd end, long endNanos) {
            this.tracing = tracing;
            this.end = end;
            this.endNanos = endNanos;
        }

        @Override
        void complete() {
            tracing.endTaskSpan(end, endNanos);
        }
    }

    /**
     * One attempt's span: started (with its time) when its handler first runs, on the handler's thread, and
     * current while it runs; its end is noted by the loop and completed by the background ending.
     */
    private static final class AttemptSpan extends Ending.Pending implements AttemptObserver {
        private final TaskerTracing tracing;
        private final StepAttempt attempt;
        /** Guarded by this: the handler's thread starts it, or the background ending when no handler ran. */
        private @Nullable Span span;

        private long startNanos;
        /** Set by the loop before it hands this over (the hand-over publishes them). */
        private @Nullable AttemptEnd end;

        private long endNanos;

        AttemptSpan(TaskerTracing tracing, StepAttempt attempt) {
            this.tracing = tracing;
            this.attempt = attempt;
        }

        /** The span, started at {@code start} if it has not started yet. */
        private synchronized Span span(long start, boolean keepParent) {
            Span s = span;
            if (s == null) {
                startNanos = start;
                s = tracing.startSpan(attempt, start, keepParent);
                span = s;
            }
            return s;
        }

        @Override
        public HandlerScope enterHandler() {
            Scope scope = Context.root().with(span(nowNanos(), true)).makeCurrent();
            return scope::close;
        }

        /** On the engine loop: notes the outcome and the time, nothing more. */
        @Override
        public void finished(AttemptEnd end) {
            this.end = end;
            this.endNanos = nowNanos();
            tracing.ending.hand(this);
        }

        @Override
        void complete() {
            AttemptEnd e = end;
            if (e == null) {
                return;
            }
            Span span = span(endNanos, false); // no handler ran: a span of no length
            long start;
            synchronized (this) {
                start = startNanos;
            }
            span.setAttribute(OUTCOME, e.outcome().tagValue());
            if (e.outcome() != AttemptOutcome.SUCCEEDED && e.outcome() != AttemptOutcome.CANCELLED) {
                String type = e.errorType() == null ? e.outcome().tagValue() : e.errorType();
                span.setAttribute(ERROR_TYPE, type);
                Throwable thrown = e.exception();
                if (thrown != null) {
                    span.recordException(thrown);
                }
                String message = e.errorMessage();
                span.setStatus(StatusCode.ERROR, message == null ? type : message);
            }
            span.end(Math.max(endNanos, start), TimeUnit.NANOSECONDS);
        }
    }
}
