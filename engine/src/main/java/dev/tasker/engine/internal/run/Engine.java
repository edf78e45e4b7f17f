package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.AwaitTimeoutException;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.EngineStats;
import dev.tasker.engine.EventStats;
import dev.tasker.engine.InputValidationException;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.OperatorActionException;
import dev.tasker.engine.StepEdge;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskNotFoundException;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.TaskTransition;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerException;
import dev.tasker.engine.UnknownTemplateException;
import dev.tasker.engine.internal.background.BackgroundLoop;
import dev.tasker.engine.internal.background.CancelRequestPoller;
import dev.tasker.engine.internal.background.RetentionJob;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonSchemas;
import dev.tasker.engine.observe.TemplateRef;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.EdgeRow;
import dev.tasker.engine.store.spi.StepResultRow;
import dev.tasker.engine.store.spi.StepRow;
import dev.tasker.engine.store.spi.StoredTask;
import dev.tasker.engine.store.spi.TaskRow;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Tasker} and, not started, behind the operator client: every collaborator is given
 * to its constructor by {@code internal.EngineAssembly}. {@link #start()} runs it (the loop, the background
 * loops, and this engine's first share of work through its {@link Membership}); {@link #openForOperators()}
 * starts only the loop, through which operator actions go.
 *
 * <p>Over 400 lines as one piece: it is the one implementation of the public operations, each a short
 * method over the loop and the store; the javadoc of each lives on the public interfaces.
 */
public final class Engine implements Tasker {
    private static final Logger LOG = LoggerFactory.getLogger(Tasker.class);

    private final TemplateRegistry templates;
    private final WorkflowStore store;
    private final EngineLoop loop;
    private final TaskPlanner planner;
    private final EngineSettings settings;
    private final ExecutorService ownedExecutor;
    private final IdentityStrategy identityDefault;
    private final JsonSchemas schemas = new JsonSchemas();
    private final java.time.InstantSource clock;
    private final EventSink events;
    private final Membership membership;
    private final RunningOwner runningOwner;
    private final List<BackgroundLoop> background;
    private final HealthCheck health;
    private final Observers observers;
    private final RetentionJob retention;
    private volatile boolean closed;
    private volatile Thread shutdownHook;

    /**
     * @param runningOwner for an operator client, the engine that runs its database now; {@link RunningOwner#NONE}
     *        for an engine
     * @param backgroundOf the background loops this engine starts and stops (outbox relay, store maintenance,
     *        cancel requests, schedules), made with this engine (whose cancel and submit they may need; they run
     *        only once it is started)
     */
    public Engine(
            TemplateRegistry templates,
            WorkflowStore store,
            EngineLoop loop,
            TaskPlanner planner,
            EngineSettings settings,
            ExecutorService ownedExecutor,
            IdentityStrategy identityDefault,
            java.time.InstantSource clock,
            EventSink events,
            RunningOwner runningOwner,
            java.util.function.Function<Tasker, List<BackgroundLoop>> backgroundOf,
            Observers observers,
            RetentionJob retention) {
        this.retention = retention;
        this.observers = observers;
        this.clock = clock;
        this.events = events;
        this.membership = loop.membership();
        this.runningOwner = runningOwner;
        this.background = List.copyOf(backgroundOf.apply(this));
        this.identityDefault = identityDefault;
        this.templates = templates;
        this.store = store;
        this.loop = loop;
        this.planner = planner;
        this.settings = settings;
        this.ownedExecutor = ownedExecutor;
        this.health = new HealthCheck(loop, membership, background, clock);
    }

    Membership membership() {
        return membership;
    }

    /** Starts the loop and the background loops, then takes this engine's first share of the unfinished work. */
    public int start() {
        loop.start();
        background.forEach(BackgroundLoop::start);
        return membership.start();
    }

    /** Starts only the loop: an operator client runs no step, resumes nothing and sweeps nothing. */
    public void openForOperators() {
        loop.start();
    }

    /**
     * Creates a task and starts it. Returns once the task is committed, so it survives a crash from then on.
     * The context is checked against the template's {@code input_schema} first. A request whose identity
     * (SPEC §3: strict, caller_provided or always_unique; an idempotency key overrides) matches an existing
     * task returns a handle to that task, marked {@link TaskHandle#isDuplicate()}, and creates nothing.
     *
     * @throws UnknownTemplateException when no loaded template matches
     * @throws InputValidationException when the context breaks the input_schema (every violation listed)
     * @throws dev.tasker.engine.InvalidInputException when the context breaks the engine's {@link dev.tasker.engine.Limits} (path and limit named)
     * @throws dev.tasker.engine.TaskRequestException when the template needs an idempotency key and the request has none
     * @throws StoreException when the database refuses the write (nothing was stored)
     */
    public TaskHandle submit(TaskRequest request) {
        ensureOpen();
        Command.Submit s = prepare(request);
        loop.post(s);
        return handleOf(join(s.ack(), "submitting a task"));
    }

    /**
     * Submits many requests in one commit; see {@link Tasker#submitAll}. Each request is prepared alone (its
     * error becomes its outcome), the accepted ones go to the loop as one {@link Command.SubmitBatch}, which
     * applies them in one cycle (a later duplicate of an earlier one finds it among the live identities).
     */
    @Override
    public List<SubmitOutcome> submitAll(List<TaskRequest> requests) {
        ensureOpen();
        Objects.requireNonNull(requests, "requests");
        for (int i = 0; i < requests.size(); i++) {
            Objects.requireNonNull(requests.get(i), "request " + i + " is null");
        }
        List<Command.Submit> prepared = new ArrayList<>(requests.size());
        Command.Submit[] submits = new Command.Submit[requests.size()];
        RuntimeException[] refused = new RuntimeException[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            try {
                submits[i] = prepare(requests.get(i));
                prepared.add(submits[i]);
            } catch (RuntimeException e) {
                refused[i] = e;
            }
        }
        if (!prepared.isEmpty()) {
            loop.post(new Command.SubmitBatch(List.copyOf(prepared)));
        }
        List<SubmitOutcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            TaskRequest request = requests.get(i);
            if (submits[i] == null) {
                outcomes.add(new SubmitOutcome(i, request, null, refused[i]));
                continue;
            }
            try {
                outcomes.add(
                        new SubmitOutcome(i, request, handleOf(submits[i].ack().get()), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskerException(
                        "interrupted while submitting " + requests.size() + " tasks (those accepted may be stored)", e);
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re
                        ? re
                        : new TaskerException("submitting a task failed: " + e.getCause(), e.getCause());
                outcomes.add(new SubmitOutcome(i, request, null, cause));
            }
        }
        return outcomes;
    }

    /**
     * Submits without waiting; see {@link Tasker#submitAsync}. The request is prepared on the caller's thread;
     * the loop completes the acknowledgement after the commit, and the caller's future is completed from it on a
     * virtual thread, so that no dependent action of the caller ever runs on (and stalls) the loop's thread.
     */
    @Override
    public CompletableFuture<TaskHandle> submitAsync(TaskRequest request) {
        Command.Submit s;
        try {
            ensureOpen();
            s = prepare(Objects.requireNonNull(request, "request"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TaskHandle> result = new CompletableFuture<>();
        s.ack()
                .whenComplete((ack, failure) -> ASYNC_COMPLETIONS.execute(() -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(handleOf(ack));
                    }
                }));
        loop.post(s);
        return result;
    }

    private static final java.util.concurrent.Executor ASYNC_COMPLETIONS =
            r -> Thread.ofVirtual().name("tasker-submitted").start(r);

    private TaskHandle handleOf(Command.SubmitAck ack) {
        return new EngineTaskHandle(this, ack.taskId(), ack.duplicate());
    }

    /**
     * Turns one request into the loop's command, on the submitting thread: the template, the limits, the input
     * schema, the identity, the plan. Every submit path (submit, submitAll, submitAsync) goes through here once
     * per request, so a per-request hook (observation: a trace context stored with the task) belongs here.
     *
     * @throws RuntimeException what {@link #submit} documents for a refused request
     */
    private Command.Submit prepare(TaskRequest request) {
        TaskTemplate template = template(request);
        // First: a value over the limits is refused before anything (schema, identity hash) walks it.
        new ValueLimits(settings.limits()).checkContext(request.context());
        if (template.inputSchema() != null) {
            List<InputValidationException.Violation> violations =
                    schemas.violations(template.inputSchema(), request.context());
            if (!violations.isEmpty()) {
                throw new InputValidationException(template.key(), violations);
            }
        }
        // Duplicates are found by the loop (live and recent tasks) and, for older tasks, by the unique
        // index: a batch that fails on it is replayed, and the replay looks the identity up.
        String identity = TaskIdentity.of(template, request, identityDefault);
        if (!observers.active()) {
            return command(request, template, identity, null);
        }
        TemplateRef ref = observers.ref(template);
        String propagation = observers.taskSubmitting(ref);
        Command.Submit s;
        try {
            s = command(request, template, identity, propagation);
        } catch (RuntimeException e) {
            observers.taskSubmitted(ref, propagation, null, false);
            throw e;
        }
        // Registered before the command is posted: runs where the acknowledgement is completed (after the
        // commit, before the loop goes on with this task), for submit, submitAll and submitAsync alike.
        s.ack().whenComplete((ack, failure) -> {
            if (failure != null) {
                observers.taskSubmitted(ref, propagation, null, false);
            } else {
                observers.taskSubmitted(ref, propagation, ack.taskId(), !ack.duplicate());
            }
        });
        return s;
    }

    private Command.Submit command(TaskRequest request, TaskTemplate template, String identity, String propagation) {
        Supplier<TaskRun> plan = () -> planner.plan(request, template, identity, propagation);
        return new Command.Submit(plan.get(), plan, new CompletableFuture<>(), false);
    }

    private TaskTemplate template(TaskRequest request) {
        return templates
                .find(request.namespace(), request.name(), request.version())
                .orElseThrow(() -> {
                    List<String> known = templates.all().stream()
                            .map(TaskTemplate::key)
                            .sorted()
                            .toList();
                    return new UnknownTemplateException("no template " + request.namespace() + "/" + request.name()
                            + (request.version() == null ? "" : "/" + request.version()) + " is loaded; loaded: "
                            + known);
                });
    }

    /** The task as stored now, if it exists. */
    public Optional<TaskSnapshot> task(UUID taskId) {
        List<StoredTask> found = store.loadTasks(List.of(taskId));
        return found.isEmpty() ? Optional.empty() : Optional.of(snapshotOf(found.get(0), loop::waitingReason));
    }

    /** The task row alone (no steps): a cheap look at its state. */
    Optional<TaskRow> storedTask(UUID taskId) {
        return store.findTask(taskId);
    }

    /**
     * A handle to wait for an existing task.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    public TaskHandle handle(UUID taskId) {
        if (loop.liveTask(taskId) == null && store.findTask(taskId).isEmpty()) {
            throw new TaskNotFoundException(taskId);
        }
        return new EngineTaskHandle(this, taskId, false);
    }

    /** Cancels a task as {@code operator}; see {@link #cancel(UUID, String, String)}. */
    public boolean cancel(UUID taskId) {
        return cancel(taskId, "operator", null);
    }

    /**
     * Cancels a task: running handlers are interrupted, waiting steps are cancelled, and no step starts
     * after the cancel is committed.
     *
     * <p>From an operator client ({@code TaskerBuilder.buildClient()}) on an H2 database that the
     * application's engine is running, the cancel is recorded for that engine, which applies it itself
     * within about half a second (interrupting the handlers); this call waits up to
     * {@code max(shutdownGrace, 10 s)} for it.
     *
     * @param who recorded in the audit
     * @param why recorded in the audit (may be null)
     * @return true when the task was cancelled now, false when it had already ended
     * @throws TaskNotFoundException when there is no such task
     */
    public boolean cancel(UUID taskId, String who, String why) {
        ensureOpen();
        StoredTask stored = null;
        if (loop.liveTask(taskId) == null) {
            java.util.Optional<String> owner = membership.ownerElsewhere(taskId);
            if (owner.isPresent()) {
                return cancelElsewhere(taskId, owner.get(), who, why);
            }
            List<StoredTask> found = store.loadTasks(List.of(taskId));
            if (found.isEmpty()) {
                throw new TaskNotFoundException(taskId);
            }
            stored = found.get(0);
            if (stored.task().state().isTerminal()) {
                return false;
            }
            java.util.Optional<String> running = runningOwner();
            if (running.isPresent()) {
                return cancelThroughOwner(taskId, running.get(), who, why);
            }
        }
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        loop.post(new Command.Cancel(taskId, stored, who, why, ack));
        Boolean done = join(ack, "cancelling task " + taskId);
        if (done == null) {
            throw new TaskerException("task " + taskId + " cannot be loaded: is its template loaded?");
        }
        return done;
    }

    /**
     * Operator action: a step in {@code error} goes back to {@code pending} with attempts 0 and the task
     * carries on by itself. Audited with {@code who} and {@code why}.
     *
     * @throws OperatorActionException when the step is not in error, or (from an operator client) when the
     *         application's engine is running the H2 database: it holds the task, so act through it
     * @throws TaskNotFoundException when there is no such task
     */
    public void resetStep(UUID taskId, String step, String who, String why) {
        operate(taskId, new OperatorAction.ResetStep(step), who, why);
    }

    /**
     * Operator action: a step is marked {@code resolved_manually} (a running attempt is interrupted);
     * its dependents may run and the task carries on. Audited with {@code who} and {@code why}.
     */
    public void resolveStep(UUID taskId, String step, String who, String why) {
        operate(taskId, new OperatorAction.ResolveStep(step), who, why);
    }

    /**
     * Operator action: a step is marked {@code complete} with {@code result} (any JSON-able value), which
     * its dependents read; the task carries on. Audited with {@code who} and {@code why}.
     */
    public void completeStep(UUID taskId, String step, Object result, String who, String why) {
        JsonNode node = settings.json().toNode(result, "the step result");
        InvalidInputException problem = new ValueLimits(settings.limits())
                .check("the step result", node, settings.limits().maxResultBytes(), "maxResultBytes");
        if (problem != null) {
            throw problem;
        }
        operate(taskId, new OperatorAction.CompleteStep(step, node), who, why);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(UUID taskId, String step, Object payload) {
        ensureOpen();
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(step, "step");
        JsonNode node = settings.json().toNode(payload, "the signal payload");
        InvalidInputException problem = new ValueLimits(settings.limits())
                .check("the signal payload", node, settings.limits().maxResultBytes(), "maxResultBytes");
        if (problem != null) {
            throw problem;
        }
        String json = dev.tasker.engine.internal.support.Json.write(node); // here, not on the engine's loop
        StoredTask stored = null;
        if (loop.liveTask(taskId) == null) {
            java.util.Optional<String> owner = membership.ownerElsewhere(taskId);
            if (owner.isPresent()) {
                return signalThroughStore(taskId, step, node);
            }
            java.util.Optional<String> running = runningOwner();
            if (running.isPresent()) {
                throw new OperatorActionException("the database is run by another engine (" + running.get()
                        + "), which holds task " + taskId + " in memory and would not see a signal recorded here."
                        + " Send it through that engine (Tasker.signal, e.g. from an endpoint of the application),"
                        + " or stop the application and run this again");
            }
            List<StoredTask> found = store.loadTasks(List.of(taskId));
            if (found.isEmpty()) {
                throw new TaskNotFoundException(taskId);
            }
            stored = found.get(0);
        }
        CompletableFuture<dev.tasker.engine.SignalResult> ack = new CompletableFuture<>();
        loop.post(new Command.Signal(taskId, stored, step, node, json, false, ack));
        return join(ack, "signalling step '" + step + "' of task " + taskId);
    }

    @Override
    public java.util.Optional<UUID> findTask(TaskRequest request) {
        ensureOpen();
        TaskTemplate template = template(Objects.requireNonNull(request, "request"));
        String identity = TaskIdentity.of(template, request, identityDefault);
        return identity == null ? java.util.Optional.empty() : store.findTaskIdByIdentity(identity);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(TaskRequest task, String step, Object payload) {
        ensureOpen();
        TaskTemplate template = template(Objects.requireNonNull(task, "task"));
        String identity = TaskIdentity.of(template, task, identityDefault);
        if (identity == null) {
            throw new dev.tasker.engine.TaskRequestException("template " + template.key()
                    + " makes every task unique (identity_strategy always_unique): give the request an idempotency"
                    + " key, or signal the task by its id");
        }
        UUID id = store.findTaskIdByIdentity(identity)
                .orElseThrow(() -> new dev.tasker.engine.TaskerException("no task of template " + template.key()
                        + " has this identity (" + task.idempotencyKey() + "); nothing was signalled"));
        return signal(id, step, payload);
    }

    /**
     * Another node runs the task: the signal is recorded in the store and the nodes told (the cancel channel's
     * notification); the owner reads it and delivers it (a node that claims the task later loads it with it).
     */
    private dev.tasker.engine.SignalResult signalThroughStore(UUID taskId, String step, JsonNode payload) {
        StoredTask stored = store.loadTasks(List.of(taskId)).stream()
                .findFirst()
                .orElseThrow(() -> new TaskNotFoundException(taskId));
        dev.tasker.engine.store.spi.StepRow row = stored.steps().stream()
                .filter(r -> r.name().equals(step))
                .findFirst()
                .orElseThrow(() -> new OperatorActionException("task " + taskId + " has no step '" + step + "'"));
        TaskTemplate template = templates
                .find(
                        stored.task().namespace(),
                        stored.task().name(),
                        stored.task().version())
                .orElseThrow(() -> new OperatorActionException("task " + taskId + " has template "
                        + stored.task().namespace() + "/" + stored.task().name() + "/"
                        + stored.task().version() + ", which is not loaded here"));
        if (template.extensions().signal(row.templateStepName()).isEmpty()) {
            throw new OperatorActionException("step '" + step + "' of task " + taskId + " does not wait for a signal:"
                    + " it is not listed under extensions.signals of template " + template.key());
        }
        if (stored.signals().stream().anyMatch(sg -> sg.stepName().equals(step))
                || stored.results().stream()
                        .anyMatch(r -> r.stepId().equals(row.stepId()) && Waits.deliveredIn(r) != null)) {
            return dev.tasker.engine.SignalResult.DUPLICATE;
        }
        if (row.state().isFinished()) {
            return dev.tasker.engine.SignalResult.STEP_FINISHED;
        }
        boolean recorded = store.recordSignal(new dev.tasker.engine.store.spi.SignalRow(
                taskId, step, dev.tasker.engine.internal.support.Json.write(payload), clock.instant(), null));
        if (!recorded) {
            return dev.tasker.engine.SignalResult.DUPLICATE;
        }
        membership.nudge(taskId);
        return row.state() == dev.tasker.engine.StepState.IN_PROGRESS
                ? dev.tasker.engine.SignalResult.DELIVERED
                : dev.tasker.engine.SignalResult.STORED_UNTIL_REACHED;
    }

    /** Delivers the signals recorded in the store for these tasks that this engine runs (told by another node). */
    public void deliverRecordedSignals(java.util.Collection<UUID> taskIds) {
        List<UUID> here =
                taskIds.stream().filter(id -> loop.liveTask(id) != null).toList();
        if (here.isEmpty()) {
            return;
        }
        for (dev.tasker.engine.store.spi.SignalRow row : store.signals(here)) {
            if (row.deliveredAt() == null) {
                loop.post(Command.Signal.recorded(row));
            }
        }
    }

    /**
     * Operator action: every failed step of a task in {@code error} or {@code blocked_by_failures} is
     * reset (attempts 0) and the task runs again. Audited with {@code who} and {@code why}.
     */
    public void retryTask(UUID taskId, String who, String why) {
        operate(taskId, new OperatorAction.RetryTask(), who, why);
    }

    private void operate(UUID taskId, OperatorAction action, String who, String why) {
        ensureOpen();
        java.util.Objects.requireNonNull(who, "who");
        StoredTask stored = null;
        if (loop.liveTask(taskId) == null) {
            takeOver(taskId);
            java.util.Optional<String> running = runningOwner();
            if (running.isPresent()) {
                throw new OperatorActionException("the database is run by another engine (" + running.get()
                        + "), which holds task " + taskId + " in memory: a change made here would be overwritten"
                        + " by it. Apply the action through that engine (Tasker.resetStep, resolveStep, completeStep"
                        + " or retryTask, e.g. from an admin endpoint of the application), or stop the application"
                        + " and run this again; a cancel works while it runs (it is handed to that engine)");
            }
            List<StoredTask> found = store.loadTasks(List.of(taskId));
            if (found.isEmpty()) {
                throw new TaskNotFoundException(taskId);
            }
            stored = found.get(0);
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        loop.post(new Command.Operate(taskId, stored, action, who, why, ack));
        join(ack, "applying an operator action to task " + taskId);
    }

    /**
     * Several engines on one database: an operator action needs the task in this node's hands. A task that
     * is queued, blocked by failures (those wait for an operator unowned) or finished is taken; one that
     * another node is running is refused, naming the node.
     */
    private void takeOver(UUID taskId) {
        java.util.Optional<String> owner = membership.ownerElsewhere(taskId);
        if (owner.isPresent()) {
            throw new OperatorActionException("task " + taskId + " is running on node " + owner.get()
                    + ": act on it there (a task waits unowned for an operator once it is blocked by failures)");
        }
    }

    /**
     * The task runs on another node: the cancel is recorded and that node signalled; it interrupts the
     * task's handlers and records the cancel (if it dies first, the node that takes the task over does).
     * Waits up to {@code max(shutdownGrace, 10 s)} for the task to settle.
     */
    private boolean cancelElsewhere(UUID taskId, String owner, String who, String why) {
        membership.requestCancel(taskId, who, why);
        Duration wait = settings.shutdownGrace().compareTo(Duration.ofSeconds(10)) > 0
                ? settings.shutdownGrace()
                : Duration.ofSeconds(10);
        try {
            TaskSnapshot s = new EngineTaskHandle(this, taskId, false).await(wait);
            return s.state() == TaskState.CANCELLED;
        } catch (AwaitTimeoutException e) {
            throw new TaskerException(
                    "the cancel of task " + taskId + " is recorded, but node " + owner
                            + " has not applied it within " + wait.toSeconds() + " s; it stands, and is applied when"
                            + " that node or the one that takes the task over next looks at it",
                    e);
        }
    }

    /**
     * An operator client on a database that one engine runs at a time (H2): that engine, if it runs now.
     * Such an engine holds the database's tasks in memory, so this one must not change them behind it.
     */
    private java.util.Optional<String> runningOwner() {
        return runningOwner.runningOwner();
    }

    /**
     * The database's running engine holds the task: the cancel is recorded for it, and it interrupts the
     * task's handlers and records the cancel when it next reads the requests (every half second). Waits up to
     * {@code max(shutdownGrace, 10 s)} for the task to end.
     */
    private boolean cancelThroughOwner(UUID taskId, String owner, String who, String why) {
        runningOwner.requestCancel(taskId, who, why);
        Duration wait = settings.shutdownGrace().compareTo(Duration.ofSeconds(10)) > 0
                ? settings.shutdownGrace()
                : Duration.ofSeconds(10);
        long deadline = System.nanoTime() + wait.toNanos();
        TaskState state;
        while (!(state = store.findTask(taskId)
                        .orElseThrow(() -> new TaskNotFoundException(taskId))
                        .state())
                .isTerminal()) {
            if (System.nanoTime() > deadline) {
                throw new TaskerException("the cancel of task " + taskId + " is recorded, but the engine that runs"
                        + " the database (" + owner + ") has not applied it within " + wait.toSeconds() + " s (its"
                        + " handlers may not stop when interrupted); it stands, and that engine, or the next one"
                        + " to open the database, applies it");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskerException(
                        "interrupted while waiting for the cancel of task " + taskId + " (the request stands)", e);
            }
        }
        return state == TaskState.CANCELLED;
    }

    /**
     * The engines sharing this database (PostgreSQL), with their leases and the unfinished tasks each owns;
     * empty when one engine owns the database (H2).
     */
    public List<NodeInfo> nodes() {
        return store
                .nodes()
                .map(dev.tasker.engine.store.spi.NodeRegistry::nodes)
                .orElse(List.<dev.tasker.engine.store.spi.NodeRow>of())
                .stream()
                .map(n -> new NodeInfo(
                        n.nodeId(),
                        n.epoch(),
                        n.status(),
                        n.startedAt(),
                        n.heartbeatAt(),
                        n.leaseExpiresAt(),
                        n.unfinishedTasks()))
                .toList();
    }

    /**
     * The audit trail of a task: its transitions and its steps', oldest first.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    public AuditTrail audit(UUID taskId) {
        if (store.findTask(taskId).isEmpty()) {
            throw new TaskNotFoundException(taskId);
        }
        return new AuditTrail(
                store.taskTransitions(taskId).stream()
                        .map(t -> new TaskTransition(
                                t.taskId(),
                                t.fromState(),
                                t.toState(),
                                t.at(),
                                t.nodeId(),
                                t.actor(),
                                t.reason(),
                                t.metadataJson()))
                        .toList(),
                store.stepTransitions(taskId).stream()
                        .map(t -> new StepTransition(
                                t.taskId(),
                                t.stepId(),
                                t.stepName(),
                                t.fromState(),
                                t.toState(),
                                t.at(),
                                t.attempt(),
                                t.nodeId(),
                                t.actor(),
                                t.reason(),
                                t.metadataJson()))
                        .toList());
    }

    /** DLQ entries with this status ({@code pending}, ...; all when null), newest first, one page. */
    public List<DlqEntry> dlq(String status, int limit, int offset) {
        return store.listDlq(status, limit, offset).stream()
                .map(Engine::entryOf)
                .toList();
    }

    /** One DLQ entry, if it exists. */
    public Optional<DlqEntry> dlqEntry(UUID entryId) {
        return store.findDlq(entryId).map(Engine::entryOf);
    }

    /**
     * Resolves a pending DLQ entry as {@code manually_resolved}, {@code permanently_failed} or
     * {@code cancelled}. The task is repaired (or not) with the operator actions; this records the outcome
     * of the investigation.
     *
     * @throws OperatorActionException when the entry is not pending
     * @throws IllegalArgumentException for another status
     */
    public void resolveDlq(UUID entryId, String status, String who, String notes) {
        if (!List.of("manually_resolved", "permanently_failed", "cancelled").contains(status)) {
            throw new IllegalArgumentException("a DLQ entry resolves as manually_resolved, permanently_failed or "
                    + "cancelled, not '" + status + "'");
        }
        if (!store.resolveDlq(entryId, status, notes, who, clock.instant())) {
            String now = store.findDlq(entryId)
                    .map(e -> "is " + e.resolutionStatus())
                    .orElse("does not exist");
            throw new OperatorActionException("DLQ entry " + entryId + " " + now + "; only a pending entry resolves");
        }
    }

    private static DlqEntry entryOf(dev.tasker.engine.store.spi.DlqEntryRow r) {
        return new DlqEntry(
                r.entryId(),
                r.taskId(),
                r.reason(),
                r.resolutionStatus(),
                Json.read(r.snapshotJson()),
                r.notes(),
                r.resolvedBy(),
                r.createdAt(),
                r.resolvedAt());
    }

    /** Stored tasks matching the query (state, namespace, template name), newest first, one page. */
    public List<TaskSnapshot> tasks(TaskQuery query) {
        List<UUID> ids = store.listTasks(query).stream().map(TaskRow::taskId).toList();
        return store.loadTasks(ids).stream()
                .map(stored -> snapshotOf(stored, loop::waitingReason))
                .sorted(java.util.Comparator.comparing(TaskSnapshot::createdAt).reversed())
                .toList();
    }

    @Override
    public List<dev.tasker.engine.ScheduleInfo> schedules() {
        java.time.Instant now = clock.instant();
        List<dev.tasker.engine.ScheduleInfo> out = new ArrayList<>();
        for (dev.tasker.engine.store.spi.ScheduleRow r : store.schedules()) {
            dev.tasker.engine.CronSyntax syntax = dev.tasker.engine.CronSyntax.fromWireName(r.cronType());
            List<java.time.Instant> next;
            try {
                java.time.Instant from =
                        r.lastFireAt() != null && r.lastFireAt().isAfter(now) ? r.lastFireAt() : now;
                next = dev.tasker.engine.internal.support.CronTimes.parse(
                                "schedule '" + r.name() + "'", r.cron(), syntax, java.time.ZoneId.of(r.zone()))
                        .next(from, 3);
            } catch (RuntimeException e) {
                next = List.of(); // stored by an engine of another version: listed, without fire times
            }
            out.add(new dev.tasker.engine.ScheduleInfo(
                    r.name(),
                    r.cron(),
                    syntax,
                    r.zone(),
                    r.namespace(),
                    r.taskName(),
                    r.version(),
                    dev.tasker.engine.MissedFirePolicy.fromWireName(r.missedFires()),
                    r.paused(),
                    r.lastFireAt(),
                    next));
        }
        return out;
    }

    @Override
    public void pauseSchedule(String name, String who) {
        changeSchedule(name, true, who);
    }

    @Override
    public void resumeSchedule(String name, String who) {
        changeSchedule(name, false, who);
    }

    private void changeSchedule(String name, boolean pause, String who) {
        Objects.requireNonNull(name, "name");
        if (!store.pauseSchedule(name, pause, clock.instant())) {
            throw new OperatorActionException("no schedule '" + name + "'; known: "
                    + store.schedules().stream()
                            .map(dev.tasker.engine.store.spi.ScheduleRow::name)
                            .toList());
        }
        LOG.info("schedule '{}' {} by {}", name, pause ? "paused" : "resumed", who);
    }

    /** List lines of the stored tasks matching the query: the task rows and their step counts. */
    @Override
    public List<dev.tasker.engine.TaskSummary> taskSummaries(TaskQuery query) {
        List<TaskRow> rows = store.listTasks(query);
        var counts = store.countStepsByState(rows.stream().map(TaskRow::taskId).toList());
        return rows.stream()
                .map(r -> {
                    var steps = new java.util.EnumMap<dev.tasker.engine.StepState, Integer>(
                            dev.tasker.engine.StepState.class);
                    counts.getOrDefault(r.taskId(), java.util.Map.of())
                            .forEach((state, n) -> steps.put(dev.tasker.engine.StepState.fromWireName(state), n));
                    return new dev.tasker.engine.TaskSummary(
                            r.taskId(),
                            r.namespace(),
                            r.name(),
                            r.version(),
                            r.state(),
                            r.priority(),
                            r.correlationId(),
                            r.createdAt(),
                            r.completedAt(),
                            steps);
                })
                .toList();
    }

    /** Stored tasks per state, counted by the store. */
    @Override
    public java.util.Map<dev.tasker.engine.TaskState, Long> taskCounts() {
        var counts = new java.util.EnumMap<dev.tasker.engine.TaskState, Long>(dev.tasker.engine.TaskState.class);
        store.countTasksByState().forEach((state, n) -> counts.put(dev.tasker.engine.TaskState.fromWireName(state), n));
        return counts;
    }

    /** Step attempts ended per minute since {@code since}, from the audit. */
    @Override
    public List<dev.tasker.engine.StepActivity> stepActivity(java.time.Instant since) {
        return store.stepActivity(java.util.Objects.requireNonNull(since, "since"));
    }

    /** Domain event counters: fired, invalid payloads, fast and durable deliveries. */
    public EventStats eventStats() {
        return events.stats();
    }

    @Override
    public dev.tasker.engine.PurgeReport purge(Duration olderThan, String namespace, boolean dryRun) {
        Objects.requireNonNull(olderThan, "olderThan");
        return retention.purge(olderThan, namespace, dryRun);
    }

    /** The templates this engine runs. */
    @Override
    public TemplateRegistry templates() {
        return templates;
    }

    /** This engine's node id, as recorded in the audit. */
    public String nodeId() {
        return settings.nodeId();
    }

    /** How many tasks this engine holds in memory (running, waiting or blocked). */
    public int liveTaskCount() {
        return loop.liveTaskCount();
    }

    /**
     * What the engine is doing, as of the end of its last cycle: live tasks, running and queued steps,
     * commits and rows written, when it next wakes up on its own (a retry or a timeout), and whether it
     * is idle (nothing running, queued or waiting to be processed).
     */
    public EngineStats stats() {
        return loop.stats();
    }

    @Override
    public dev.tasker.engine.TaskerHealth health() {
        return health.check();
    }

    TaskRun liveTask(UUID id) {
        return loop.liveTask(id);
    }

    /**
     * Registers a JVM shutdown hook that closes this engine as {@link #close()} does (running handlers get the
     * shutdown grace), for an application that exits without closing it; {@link #close()} removes it.
     */
    public void installShutdownHook() {
        Thread hook =
                Thread.ofPlatform().name("tasker-shutdown-" + settings.nodeId()).unstarted(this::closeAtExit);
        shutdownHook = hook;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void closeAtExit() {
        if (closed) {
            return;
        }
        LOG.info(
                "JVM exiting: closing Tasker engine {} (running steps get up to {} to finish; "
                        + "TaskerBuilder.shutdownHook(false) turns this off)",
                settings.nodeId(),
                settings.shutdownGrace());
        close();
        LOG.info("Tasker engine {} closed", settings.nodeId());
    }

    /**
     * Stops starting steps, lets running ones finish within the shutdown grace, then releases everything.
     * While the database refuses writes (a full disk) it does not wait for running steps or for the database.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Thread hook = shutdownHook;
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs (or ran) and finds this engine closed.
            }
        }
        // It posts cancels to the loop: stopped before the loop drains, so that none waits on a stopped loop.
        // The schedule firing submits through this engine: stopped first too, so that no fire meets a closed engine.
        background.stream()
                .filter(l -> l.name().equals(CancelRequestPoller.NAME)
                        || l.name().equals(dev.tasker.engine.internal.background.ScheduleFiring.NAME))
                .forEach(BackgroundLoop::stop);
        membership.stopClaiming();
        loop.post(new Command.Drain());
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        try {
            // While the database refuses writes, handlers' outcomes cannot be recorded: waiting for them would
            // only delay the close (their steps run again after the next start, as after a crash).
            while (loop.runningSteps() > 0
                    && System.nanoTime() < deadline
                    && !loop.isStopped()
                    && !loop.databaseDown()) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            loop.stopAndJoin(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            observers.engineStopped(); // the loop has ended: instrumentations finish what they buffered
            membership.close();
            background.forEach(BackgroundLoop::stop);
            events.close();
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
            store.close();
        }
    }

    private void ensureOpen() {
        if (closed || loop.isStopped()) {
            throw new IllegalStateException("this Tasker is closed");
        }
    }

    static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskerException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TaskerException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    static TaskSnapshot snapshotOf(StoredTask stored) {
        return snapshotOf(stored, id -> null);
    }

    /**
     * Why a stored step waits: the live reason of a ready step this engine holds back for a per-key limit, else the
     * one its row carries (written by whichever engine runs it) while the step is not finished; null otherwise.
     */
    private static String waitingReason(StepRow s, java.util.function.Function<UUID, String> live) {
        if (s.state() == dev.tasker.engine.StepState.PENDING
                || s.state() == dev.tasker.engine.StepState.WAITING_FOR_RETRY) {
            String reason = live.apply(s.stepId());
            return reason != null ? reason : s.waitingReason();
        }
        return s.state() == dev.tasker.engine.StepState.IN_PROGRESS ? s.waitingReason() : null;
    }

    /**
     * The stored task, with the waiting reason of each step that waits (a signal, a child task, a per-key limit:
     * see {@link #waitingReason(StepRow, java.util.function.Function)}).
     */
    static TaskSnapshot snapshotOf(StoredTask stored, java.util.function.Function<UUID, String> waitingReason) {
        Map<UUID, StepResultRow> results = new HashMap<>();
        stored.results().forEach(r -> results.put(r.stepId(), r));
        List<StepSnapshot> steps = new ArrayList<>();
        for (StepRow s : stored.steps()) {
            StepResultRow r = results.get(s.stepId());
            JsonNode result = r != null && r.success() ? Json.read(r.resultJson()) : null;
            JsonNode error = r != null && !r.success() ? Json.read(r.errorJson()) : null;
            steps.add(new StepSnapshot(
                    s.stepId(),
                    s.name(),
                    s.templateStepName(),
                    s.state(),
                    s.attempts(),
                    s.maxAttempts(),
                    result,
                    error,
                    s.lastAttemptedAt(),
                    s.nextAttemptAt(),
                    s.completedAt(),
                    waitingReason(s, waitingReason)));
        }
        Map<UUID, Integer> order = new HashMap<>();
        for (StepRow s : stored.steps()) {
            order.put(s.stepId(), order.size());
        }
        List<StepEdge> edges = stored.edges().stream()
                .filter(e -> order.containsKey(e.fromStepId()) && order.containsKey(e.toStepId()))
                .sorted(java.util.Comparator.<EdgeRow>comparingInt(e -> order.get(e.toStepId()))
                        .thenComparingInt(e -> order.get(e.fromStepId())))
                .map(e -> new StepEdge(
                        steps.get(order.get(e.fromStepId())).name(),
                        steps.get(order.get(e.toStepId())).name()))
                .distinct()
                .toList();
        TaskRow t = stored.task();
        return new TaskSnapshot(
                t.taskId(),
                t.namespace(),
                t.name(),
                t.version(),
                t.state(),
                Json.read(t.contextJson()),
                t.priority(),
                t.correlationId(),
                t.createdAt(),
                t.completedAt(),
                steps,
                edges,
                stored.links().stream()
                        .filter(l -> l.childTaskId().equals(t.taskId()))
                        .map(l -> new dev.tasker.engine.TaskLink(l.parentTaskId(), l.parentStepName(), l.childTaskId()))
                        .findFirst()
                        .orElse(null),
                stored.links().stream()
                        .filter(l -> l.parentTaskId().equals(t.taskId()))
                        .map(l -> new dev.tasker.engine.TaskLink(l.parentTaskId(), l.parentStepName(), l.childTaskId()))
                        .toList(),
                t.runAt());
    }
}
