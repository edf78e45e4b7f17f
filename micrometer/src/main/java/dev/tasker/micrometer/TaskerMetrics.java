package dev.tasker.micrometer;

import dev.tasker.engine.observe.AttemptEnd;
import dev.tasker.engine.observe.AttemptObserver;
import dev.tasker.engine.observe.AttemptOutcome;
import dev.tasker.engine.observe.EngineGauges;
import dev.tasker.engine.observe.Instrumentation;
import dev.tasker.engine.observe.StepAttempt;
import dev.tasker.engine.observe.TaskEnd;
import dev.tasker.engine.observe.TemplateRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for one engine: register it with the builder and bind it to a registry.
 *
 * <pre>{@code
 * TaskerMetrics metrics = new TaskerMetrics(registry);             // bound at once
 * Tasker tasker = Tasker.builder().instrumentation(metrics)...build();
 * }</pre>
 *
 * or, where the registry binds {@link MeterBinder}s itself (Spring Boot), {@code new TaskerMetrics()} as a
 * bean, registered with the builder too; what happens before {@link #bindTo(MeterRegistry)} is not counted.
 *
 * <p>Meters (tags only {@code namespace}, {@code template}, {@code step}, {@code outcome}, {@code state}, all
 * few per engine; a batch worker is tagged with its template step's name):
 *
 * <ul>
 *   <li>{@value #STEP_STARTED} counter: step attempts started;
 *   <li>{@value #STEP_DURATION} timer, with {@code outcome} ({@code succeeded}, {@code retrying},
 *       {@code failed}, {@code timed_out}, {@code cancelled}): attempts ended, from start to the engine recording
 *       the outcome; its count is the attempts ended with that outcome;
 *   <li>{@value #STEP_QUEUE_WAIT} timer: from a step being ready (parents done, backoff over) to its attempt
 *       starting;
 *   <li>{@value #TASK_SUBMITTED} counter: tasks created by submits here (duplicates not counted);
 *   <li>{@value #TASK_DURATION} timer, with {@code state} ({@code complete}, {@code error}, {@code cancelled},
 *       {@code resolved_manually}, {@code blocked_by_failures}): tasks finished, from submit to finish;
 *   <li>{@value #COMMIT_DURATION} timer and {@value #COMMIT_ROWS} summary: group commits and rows per commit;
 *   <li>gauges {@value #TASKS_LIVE}, {@value #STEPS_RUNNING}, {@value #STEPS_READY}, {@value #DLQ_PENDING},
 *       {@value #OUTBOX_BACKLOG}, {@value #NODES_ALIVE} (the stored counts are refreshed at most every 10 s),
 *       and the counter {@value #INSTRUMENTATION_ERRORS}.
 * </ul>
 */
public final class TaskerMetrics implements Instrumentation, MeterBinder {
    public static final String STEP_STARTED = "tasker.step.started";
    public static final String STEP_DURATION = "tasker.step.duration";
    public static final String STEP_QUEUE_WAIT = "tasker.step.queue.wait";
    public static final String TASK_SUBMITTED = "tasker.task.submitted";
    public static final String TASK_DURATION = "tasker.task.duration";
    public static final String COMMIT_DURATION = "tasker.commit.duration";
    public static final String COMMIT_ROWS = "tasker.commit.rows";
    public static final String TASKS_LIVE = "tasker.tasks.live";
    public static final String STEPS_RUNNING = "tasker.steps.running";
    public static final String STEPS_READY = "tasker.steps.ready";
    public static final String DLQ_PENDING = "tasker.dlq.pending";
    public static final String OUTBOX_BACKLOG = "tasker.outbox.backlog";
    public static final String NODES_ALIVE = "tasker.nodes.alive";
    public static final String INSTRUMENTATION_ERRORS = "tasker.instrumentation.errors";

    private volatile @Nullable MeterRegistry registry;
    private volatile @Nullable EngineGauges gauges;
    private volatile @Nullable Timer commitDuration;
    private volatile @Nullable DistributionSummary commitRows;
    /**
     * The meters of each template, made on first use and cached, so that an event costs a lookup (no meter
     * builder, no tag list): by the template (the engine hands the same {@link TemplateRef} for every task of
     * a template, so the last one used is checked by identity first), then by step, outcome or state.
     */
    private final Map<TemplateRef, TemplateMeters> templates = new ConcurrentHashMap<>();

    private volatile @Nullable TemplateMeters last;

    /** Meters bound later, by {@link #bindTo(MeterRegistry)}. */
    public TaskerMetrics() {}

    /** Meters bound to {@code registry} now. */
    public TaskerMetrics(MeterRegistry registry) {
        bindTo(registry);
    }

    /**
     * Registers the meters with {@code registry}.
     *
     * @throws IllegalStateException when already bound to another registry (use a composite registry)
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        MeterRegistry bound = this.registry;
        if (bound == registry) {
            return;
        }
        if (bound != null) {
            throw new IllegalStateException("TaskerMetrics is bound to a registry already (" + bound
                    + "); bind a CompositeMeterRegistry to report to several");
        }
        gauge(registry, TASKS_LIVE, "Tasks held in memory (running, waiting or blocked)", g -> g.liveTasks());
        gauge(registry, STEPS_RUNNING, "Step attempts running now", g -> g.runningSteps());
        gauge(registry, STEPS_READY, "Ready steps waiting for a concurrency slot", g -> g.readyQueueDepth());
        gauge(registry, DLQ_PENDING, "DLQ entries waiting for an operator", g -> g.dlqPending());
        gauge(registry, OUTBOX_BACKLOG, "Outbox events not yet delivered", g -> g.outboxBacklog());
        gauge(registry, NODES_ALIVE, "Engine nodes alive on the database", g -> g.nodesAlive());
        FunctionCounter.builder(INSTRUMENTATION_ERRORS, this, m -> {
                    EngineGauges g = m.gauges;
                    return g == null ? 0 : g.instrumentationErrors();
                })
                .description("Calls into instrumentations that threw (ignored by the engine)")
                .register(registry);
        commitDuration = Timer.builder(COMMIT_DURATION)
                .description("Group commits of the engine")
                .register(registry);
        commitRows = DistributionSummary.builder(COMMIT_ROWS)
                .description("Rows written per group commit")
                .baseUnit("rows")
                .register(registry);
        this.registry = registry;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<EngineGauges> f) {
        Gauge.builder(name, this, m -> {
                    EngineGauges g = m.gauges;
                    if (g == null) {
                        return Double.NaN;
                    }
                    double v = f.applyAsDouble(g);
                    return v < 0 ? Double.NaN : v; // not counted (yet)
                })
                .description(description)
                .register(registry);
    }

    @Override
    public void bind(EngineGauges gauges) {
        this.gauges = gauges;
    }

    @Override
    public void taskSubmitted(
            TemplateRef template, @Nullable String propagation, @Nullable UUID taskId, boolean created) {
        MeterRegistry r = registry;
        if (r == null || !created) {
            return;
        }
        meters(r, template).submitted().increment();
    }

    @Override
    public AttemptObserver attemptStarted(StepAttempt attempt) {
        MeterRegistry r = registry;
        if (r == null) {
            return AttemptObserver.NONE;
        }
        StepMeters m = meters(r, attempt.task().template()).step(attempt.templateStep());
        m.started.increment();
        m.queueWait.record(queueWaitNanos(attempt), TimeUnit.NANOSECONDS);
        return m;
    }

    /** {@link StepAttempt#queueWait()} in nanoseconds, without a {@link Duration} per attempt. */
    private static long queueWaitNanos(StepAttempt attempt) {
        Instant ready = attempt.readyAt();
        Instant started = attempt.startedAt();
        long nanos = (started.getEpochSecond() - ready.getEpochSecond()) * 1_000_000_000L
                + (started.getNano() - ready.getNano());
        return Math.max(0, nanos);
    }

    /** The template's meters: the last used (by identity), else the cached ones, else new ones. */
    private TemplateMeters meters(MeterRegistry r, TemplateRef template) {
        TemplateMeters m = last;
        if (m != null && m.template == template) {
            return m;
        }
        m = templates.get(template);
        if (m == null) {
            m = templates.computeIfAbsent(template, t -> new TemplateMeters(r, t));
        }
        last = m;
        return m;
    }

    @Override
    public void taskFinished(TaskEnd end) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        meters(r, end.task().template()).task(end.state()).record(end.duration());
    }

    @Override
    public void committed(Duration latency, int rows) {
        Timer t = commitDuration;
        DistributionSummary s = commitRows;
        if (t != null && s != null) {
            t.record(latency);
            s.record(rows);
        }
    }

    private static Tags templateTags(TemplateRef t) {
        return Tags.of("namespace", t.namespace(), "template", t.name());
    }

    /** The meters of one template, each made on first use. */
    private static final class TemplateMeters {
        final TemplateRef template;
        private final MeterRegistry registry;
        private final Tags tags;
        private final Map<String, StepMeters> steps = new ConcurrentHashMap<>();
        private final Map<String, Timer> tasks = new ConcurrentHashMap<>();
        private volatile @Nullable Counter submitted;

        TemplateMeters(MeterRegistry registry, TemplateRef template) {
            this.template = template;
            this.registry = registry;
            this.tags = templateTags(template);
        }

        Counter submitted() {
            Counter c = submitted;
            if (c == null) {
                c = Counter.builder(TASK_SUBMITTED)
                        .description("Tasks created by submits to this engine")
                        .tags(tags)
                        .register(registry); // the registry returns the same counter to a racing thread
                submitted = c;
            }
            return c;
        }

        StepMeters step(String step) {
            StepMeters m = steps.get(step);
            return m != null ? m : steps.computeIfAbsent(step, s -> new StepMeters(registry, tags, s));
        }

        Timer task(String state) {
            Timer t = tasks.get(state);
            return t != null
                    ? t
                    : tasks.computeIfAbsent(
                            state,
                            s -> Timer.builder(TASK_DURATION)
                                    .description("Tasks finished (or blocked on failures), from submit to then")
                                    .tags(tags.and("state", s))
                                    .register(registry));
        }
    }

    /** The meters of one template step; also the observer of its attempts (it keeps no per-attempt state). */
    private static final class StepMeters implements AttemptObserver {
        private static final AttemptOutcome[] OUTCOMES = AttemptOutcome.values();

        private final MeterRegistry registry;
        private final Tags tags;
        final Counter started;
        final Timer queueWait;
        /** By {@link AttemptOutcome#ordinal()}. */
        private final Timer[] durations = new Timer[OUTCOMES.length];

        StepMeters(MeterRegistry registry, Tags templateTags, String step) {
            this.registry = registry;
            this.tags = templateTags.and("step", step);
            this.started = Counter.builder(STEP_STARTED)
                    .description("Step attempts started")
                    .tags(tags)
                    .register(registry);
            this.queueWait = Timer.builder(STEP_QUEUE_WAIT)
                    .description("From a step being ready to its attempt starting")
                    .tags(tags)
                    .register(registry);
            for (AttemptOutcome o : OUTCOMES) { // filled once, before it is shared: read without a lock
                durations[o.ordinal()] = Timer.builder(STEP_DURATION)
                        .description("Step attempts ended, by outcome")
                        .tags(tags.and("outcome", o.tagValue()))
                        .register(registry);
            }
        }

        @Override
        public void finished(AttemptEnd end) {
            durations[end.outcome().ordinal()].record(end.duration());
        }

        @Override
        public String toString() {
            return "step meters " + tags + " of " + registry;
        }
    }
}
