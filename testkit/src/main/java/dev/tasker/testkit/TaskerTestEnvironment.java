package dev.tasker.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tasker.api.StepHandler;
import dev.tasker.engine.EngineStats;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One test's engine: a fresh in-memory H2 database, a {@link ManualClock}, no backoff jitter, strict templates
 * (a warning such as a misspelled key fails the engine's start; see {@link #strictTemplates}), and handlers
 * wrapped so failures can be injected into any step. Injected by {@link TaskerExtension} (or made with
 * {@link #create()} and closed by the caller).
 *
 * <p>Configure it first (templates, handlers, environment); the engine starts on first use ({@link #tasker()},
 * {@link #submit}, {@link #runToCompletion}). Then run tasks in simulated time: {@link #runToCompletion} moves
 * the clock straight to each retry or timeout when nothing else can happen, so a workflow with minutes of
 * backoff runs in milliseconds. Every operation that waits gives up after a real-time {@link #timeout}.
 *
 * <p>Not for concurrent use by several test threads (handlers run on the engine's threads as usual).
 */
public final class TaskerTestEnvironment implements AutoCloseable {
    /** How long (real time) an operation waits before it fails the test, unless set with {@link #timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration HANDLER_EXIT_WAIT = Duration.ofSeconds(2);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final MemoryDatabase database = new MemoryDatabase();
    private final ManualClock clock = new ManualClock();
    private final Instant start = clock.instant();
    private final List<Consumer<TaskerBuilder>> setup = new ArrayList<>();
    private final AtomicInteger generation = new AtomicInteger();
    private final FaultInjector faults;
    private final DrivenEngine engine;
    private int inlineTemplates;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean strictTemplates = true;
    private boolean closed;

    private TaskerTestEnvironment() {
        this.faults = new FaultInjector(clock, ctx -> crashNow());
        this.engine = new DrivenEngine(this::build, clock, faults::liveHangs);
    }

    /** A new environment; the caller closes it. Tests get one from {@link TaskerExtension} instead. */
    public static TaskerTestEnvironment create() {
        return new TaskerTestEnvironment();
    }

    // ---- configuration, before the engine starts ------------------------------------------------

    /** Classpath folders of templates, e.g. {@code "tasker/templates"}. */
    public TaskerTestEnvironment classpathTemplates(String... folders) {
        String[] copy = folders.clone();
        return configure(b -> b.classpathTemplates(copy));
    }

    /** Template files, or folders searched for {@code *.yaml} / {@code *.yml}. */
    public TaskerTestEnvironment templates(Path... filesOrFolders) {
        Path[] copy = filesOrFolders.clone();
        return configure(b -> b.templates(copy));
    }

    /** A template as YAML text. */
    public TaskerTestEnvironment templateYaml(String yaml) {
        Objects.requireNonNull(yaml, "yaml");
        String source = "test-template-" + (++inlineTemplates) + ".yaml";
        return configure(b -> b.templateYaml(yaml, source));
    }

    /** The handler for a callable (see {@link TaskerBuilder#handler}). */
    public TaskerTestEnvironment handler(String callable, StepHandler handler) {
        Tasker.builder().handler(callable, handler); // checks the arguments now
        return configure(b -> b.handler(callable, handler));
    }

    /**
     * Objects whose {@link dev.tasker.api.Handler @Handler} methods become handlers (see
     * {@link TaskerBuilder#handlers}); their signatures are checked now.
     */
    public TaskerTestEnvironment handlers(Object... beans) {
        Object[] copy = beans.clone();
        Tasker.builder().handlers(copy);
        return configure(b -> b.handlers(copy));
    }

    /** The template environment whose overrides apply (default: none). */
    public TaskerTestEnvironment environment(String name) {
        Tasker.builder().environment(name);
        return configure(b -> b.environment(name));
    }

    /**
     * Whether template warnings (an unknown, e.g. misspelled, key...) fail the engine's start, as
     * {@link TaskerBuilder#strictTemplates} (default here: {@code true}, unlike the builder's, so a typo such as
     * {@code max_atempts: 7} fails the test instead of being a log line nobody reads). {@code false} turns it
     * off, for a test of templates that knowingly carry such keys.
     */
    public TaskerTestEnvironment strictTemplates(boolean strict) {
        if (engine.started()) {
            throw new IllegalStateException(
                    "configure the environment before its engine starts " + "(the first tasker(), submit or run call)");
        }
        this.strictTemplates = strict;
        return this;
    }

    /**
     * Any other builder option (concurrency limits, the default step timeout...). Applied after
     * {@link #strictTemplates} (so {@code b.strictTemplates(false)} here also turns it off) and before the kit's
     * own settings, which win: the database, the clock, no jitter, no shutdown grace, no shutdown hook, the
     * fault decorator.
     */
    public TaskerTestEnvironment configure(Consumer<TaskerBuilder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        if (engine.started()) {
            throw new IllegalStateException(
                    "configure the environment before its engine starts " + "(the first tasker(), submit or run call)");
        }
        setup.add(customizer);
        return this;
    }

    /** How long (real time) waiting operations may take before failing the test (default 10 s). */
    public TaskerTestEnvironment timeout(Duration realTime) {
        if (realTime.isNegative() || realTime.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + realTime);
        }
        this.timeout = realTime;
        return this;
    }

    // ---- the engine -----------------------------------------------------------------------------

    /** The engine now (a new one after each restart), started on first use. */
    public Tasker tasker() {
        ensureOpen();
        return engine.engine(deadline());
    }

    /** The manual clock every engine of this environment runs on. */
    public ManualClock clock() {
        return clock;
    }

    /** Simulated time passed since the environment was made. */
    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    /** The database's JDBC URL (an in-memory H2 kept until {@link #close()}). */
    public String jdbcUrl() {
        return database.url();
    }

    /** How many times the engine was killed and restarted. */
    public int restarts() {
        return engine.restarts();
    }

    // ---- running tasks --------------------------------------------------------------------------

    /** Submits a task without driving it; returns its id (valid across restarts, unlike a TaskHandle). */
    public UUID submit(TaskRequest request) {
        return tasker().submit(request).taskId();
    }

    /**
     * Submits a task and drives it until it settles: complete, failed, cancelled, blocked by a failed step
     * with nothing running, or waiting for something only an operator can do. Whenever the engine is
     * quiescent (nothing running but injected hangs) the clock jumps to its next wake-up (a retry's backoff
     * or an attempt's timeout). Follows the task across injected crashes.
     *
     * @return the task as stored when it settled
     * @throws AssertionError when it does not settle within the {@link #timeout} (real time)
     */
    public TaskSnapshot runToCompletion(TaskRequest request) {
        return runToCompletion(submit(request));
    }

    /** Drives a submitted task until it settles; see {@link #runToCompletion(TaskRequest)}. */
    public TaskSnapshot runToCompletion(UUID taskId) {
        ensureOpen();
        return engine.runToCompletion(taskId, deadline());
    }

    /** {@link #runToCompletion(TaskRequest)} for the latest version of a template with this input. */
    public TaskSnapshot run(String namespace, String name, Object context) {
        return runToCompletion(TaskRequest.of(namespace, name, context));
    }

    /**
     * Waits until the engine is quiescent: nothing running (but injected hangs), queued or waiting to be
     * processed. Time does not move.
     */
    public EngineStats awaitIdle() {
        ensureOpen();
        return engine.awaitQuiescent(deadline(), () -> "the engine to be idle");
    }

    /**
     * Lets {@code by} of simulated time pass: the clock stops at each wake-up on the way, so retries and
     * timeouts happen at their own times, and the engine is quiescent when this returns.
     */
    public EngineStats advance(Duration by) {
        ensureOpen();
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + by);
        }
        return engine.advance(by, deadline());
    }

    /** Moves the clock to the engine's next wake-up and waits until it is quiescent; empty when there is none. */
    public Optional<Instant> advanceToNextWakeUp() {
        ensureOpen();
        return engine.advanceToNextWakeUp(deadline());
    }

    // ---- faults ---------------------------------------------------------------------------------

    /** The faults to inject into the step with this name (in every task of this environment). */
    public StepFaults inject(String step) {
        Objects.requireNonNull(step, "step");
        return faults.forStep(step);
    }

    /**
     * Kills the engine when the step next starts, while its handler runs, and restarts it (see
     * {@link StepFaults#crash()}). The restarted engine runs that step again as a new attempt.
     */
    public TaskerTestEnvironment crashAt(String step) {
        inject(step).crash();
        return this;
    }

    /** Kills the engine now, as {@code kill -9} would, and waits for a new one to recover its tasks. */
    public void crashAndRestart() {
        tasker();
        crashNow();
        tasker();
    }

    private void crashNow() {
        engine.crash();
    }

    // ---- inspection -----------------------------------------------------------------------------

    /** The task as stored now. */
    public TaskSnapshot task(UUID taskId) {
        TaskSnapshot s;
        do {
            tasker(); // waits out a restart that made the read fail
            s = engine.snapshot(taskId);
        } while (s == null);
        return s;
    }

    /** Every handler call so far, in the order they started. */
    public List<Invocation> invocations() {
        return faults.invocations();
    }

    /** The handler calls of one step (in every task), in the order they started. */
    public List<Invocation> invocations(String step) {
        return faults.invocations().stream().filter(i -> i.step().equals(step)).toList();
    }

    /**
     * A step's result converted to {@code type} (records, maps, {@code BigDecimal}...).
     *
     * @throws AssertionError when the step has no result, naming its state and error
     */
    public <T> T result(TaskSnapshot task, String step, Class<T> type) {
        StepSnapshot s = task.step(step);
        JsonNode result = s.result();
        if (result == null) {
            throw new AssertionError("step '" + step + "' has no result; " + Snapshots.describe(task));
        }
        try {
            return MAPPER.treeToValue(result, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(
                    "the result of step '" + step + "' is not a " + type.getSimpleName() + ": " + e.getOriginalMessage()
                            + "; it is " + result,
                    e);
        }
    }

    /**
     * Checks that the task completed.
     *
     * @return the task, for chaining
     * @throws AssertionError describing every step (state, attempts, last error) when it did not
     */
    public TaskSnapshot assertComplete(TaskSnapshot task) {
        if (task.state() != TaskState.COMPLETE) {
            throw new AssertionError("expected the task to be complete; " + Snapshots.describe(task));
        }
        return task;
    }

    /** The task as text: its state and each step's state, attempts and last error (for failure messages). */
    public String describe(TaskSnapshot task) {
        return Snapshots.describe(task);
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * Closes the engine (running handlers are interrupted), drops the database, and fails if a handler is
     * still running two seconds later (one that ignores interruption leaks its thread into later tests).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> leaked;
        try {
            if (engine.close()) {
                leaked = awaitHandlersEnded();
            } else {
                leaked = List.of();
            }
        } finally {
            database.drop();
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("handler(s) of step(s) " + leaked + " still run " + HANDLER_EXIT_WAIT.toSeconds()
                    + " s after the engine closed: a handler should return when interrupted");
        }
    }

    private List<String> awaitHandlersEnded() {
        long deadline = System.nanoTime() + HANDLER_EXIT_WAIT.toNanos();
        List<String> running = faults.inFlight();
        while (!running.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
            running = faults.inFlight();
        }
        return running;
    }

    private Tasker build() {
        TaskerBuilder b = Tasker.builder().strictTemplates(strictTemplates);
        setup.forEach(c -> c.accept(b));
        return b.jdbcUrl(database.url())
                .poolSize(4)
                .clock(clock)
                .backoffJitter(0)
                .shutdownGrace(Duration.ZERO)
                .shutdownHook(false)
                .nodeId("testkit-" + generation.incrementAndGet())
                .decorateHandlers(faults::wrap)
                .build();
    }

    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this test environment is closed");
        }
    }
}
