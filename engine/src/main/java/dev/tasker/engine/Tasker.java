package dev.tasker.engine;

import dev.tasker.engine.internal.background.CancelRequestPoller;
import dev.tasker.engine.internal.background.StoreMaintenance;
import dev.tasker.engine.internal.events.DomainEvents;
import dev.tasker.engine.internal.events.OutboxRelay;
import dev.tasker.engine.internal.run.ClusterNode;
import dev.tasker.engine.internal.run.Command;
import dev.tasker.engine.internal.run.EngineLoop;
import dev.tasker.engine.internal.run.EngineSettings;
import dev.tasker.engine.internal.run.OperatorAction;
import dev.tasker.engine.internal.run.TaskIdentity;
import dev.tasker.engine.internal.run.TaskPlanner;
import dev.tasker.engine.internal.run.TaskRun;
import dev.tasker.engine.internal.run.ValueLimits;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.internal.support.JsonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.store.StepResultRow;
import dev.tasker.engine.store.StepRow;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.StoredTask;
import dev.tasker.engine.store.TaskRow;
import dev.tasker.engine.store.WorkflowStore;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
/**
 * The workflow engine, running inside the application. Build one with {@link #builder()}; it is ready
 * when {@code build()} returns and has resumed the unfinished tasks it found in its database.
 *
 * <pre>{@code
 * try (Tasker tasker = Tasker.builder()
 *         .classpathTemplates("tasker/templates")
 *         .handler("validate_cart", ctx -> StepHandlerResult.success(Map.of("ok", true)))
 *         .build()) {
 *     TaskHandle h = tasker.submit(TaskRequest.of("ecommerce", "order_processing", Map.of("cart", cart)));
 *     TaskSnapshot done = h.await(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} lets running handlers finish (up to the shutdown grace), records
 * their outcomes, and releases the database.
 */
public interface Tasker extends AutoCloseable {

    /** A builder for an engine; {@code build()} starts it. */
    public static TaskerBuilder builder() {
        return new TaskerBuilder();
    }

    /**
     * Creates a task and starts it. Returns once the task is committed, so it survives a crash from then on.
     * The context is checked against the template's {@code input_schema} first. A request whose identity
     * (SPEC §3: strict, caller_provided or always_unique; an idempotency key overrides) matches an existing
     * task returns a handle to that task, marked {@link TaskHandle#isDuplicate()}, and creates nothing.
     *
     * @throws UnknownTemplateException when no loaded template matches
     * @throws InputValidationException when the context breaks the input_schema (every violation listed)
     * @throws InvalidInputException when the context breaks the engine's {@link Limits} (path and limit named)
     * @throws TaskRequestException when the template needs an idempotency key and the request has none
     * @throws StoreException when the database refuses the write (nothing was stored)
     */
    TaskHandle submit(TaskRequest request);

    /** The task as stored now, if it exists. */
    Optional<TaskSnapshot> task(UUID taskId);

    /**
     * A handle to wait for an existing task.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    TaskHandle handle(UUID taskId);

    /** Cancels a task as {@code operator}; see {@link #cancel(UUID, String, String)}. */
    boolean cancel(UUID taskId);

    /**
     * Cancels a task: running handlers are interrupted, waiting steps are cancelled, and no step starts
     * after the cancel is committed.
     *
     * <p>From an operator engine ({@link TaskerBuilder#operatorMode()}) on an H2 database that the
     * application's engine is running, the cancel is recorded for that engine, which applies it itself
     * within about half a second (interrupting the handlers); this call waits up to
     * {@code max(shutdownGrace, 10 s)} for it.
     *
     * @param who recorded in the audit
     * @param why recorded in the audit (may be null)
     * @return true when the task was cancelled now, false when it had already ended
     * @throws TaskNotFoundException when there is no such task
     */
    boolean cancel(UUID taskId, String who, @Nullable String why);

    /**
     * Operator action: a step in {@code error} goes back to {@code pending} with attempts 0 and the task
     * carries on by itself. Audited with {@code who} and {@code why}.
     *
     * @throws OperatorActionException when the step is not in error, or (from an operator engine) when the
     *         application's engine is running the H2 database: it holds the task, so act through it
     * @throws TaskNotFoundException when there is no such task
     */
    void resetStep(UUID taskId, String step, String who, @Nullable String why);

    /**
     * Operator action: a step is marked {@code resolved_manually} (a running attempt is interrupted);
     * its dependents may run and the task carries on. Audited with {@code who} and {@code why}.
     */
    void resolveStep(UUID taskId, String step, String who, @Nullable String why);

    /**
     * Operator action: a step is marked {@code complete} with {@code result} (any JSON-able value), which
     * its dependents read; the task carries on. Audited with {@code who} and {@code why}.
     */
    void completeStep(UUID taskId, String step, @Nullable Object result, String who, @Nullable String why);

    /**
     * Operator action: every failed step of a task in {@code error} or {@code blocked_by_failures} is
     * reset (attempts 0) and the task runs again. Audited with {@code who} and {@code why}.
     */
    void retryTask(UUID taskId, String who, @Nullable String why);

    /**
     * The engines sharing this database (PostgreSQL), with their leases and the unfinished tasks each owns;
     * empty when one engine owns the database (H2).
     */
    List<NodeInfo> nodes();

    /**
     * The audit trail of a task: its transitions and its steps', oldest first.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    AuditTrail audit(UUID taskId);

    /** DLQ entries with this status ({@code pending}, ...; all when null), newest first, one page. */
    List<DlqEntry> dlq(@Nullable String status, int limit, int offset);

    /** One DLQ entry, if it exists. */
    Optional<DlqEntry> dlqEntry(UUID entryId);

    /**
     * Resolves a pending DLQ entry as {@code manually_resolved}, {@code permanently_failed} or
     * {@code cancelled}. The task is repaired (or not) with the operator actions; this records the outcome
     * of the investigation.
     *
     * @throws OperatorActionException when the entry is not pending
     * @throws IllegalArgumentException for another status
     */
    void resolveDlq(UUID entryId, String status, String who, @Nullable String notes);

    /** Stored tasks matching the query (state, namespace, template name), newest first, one page. */
    List<TaskSnapshot> tasks(TaskQuery query);

    /**
     * Lists tasks with the filter's old type.
     *
     * @deprecated use {@link #tasks(TaskQuery)}; the store package is not part of the public API
     */
    @Deprecated(since = "0.2", forRemoval = true)
    default List<TaskSnapshot> tasks(dev.tasker.engine.store.TaskQuery query) {
        return tasks(query.toQuery());
    }

    /** Domain event counters: fired, invalid payloads, fast and durable deliveries. */
    EventStats eventStats();

    /** The templates this engine runs. */
    TemplateRegistry templates();

    /** This engine's node id, as recorded in the audit. */
    String nodeId();

    /** How many tasks this engine holds in memory (running, waiting or blocked). */
    int liveTaskCount();

    /**
     * What the engine is doing, as of the end of its last cycle: live tasks, running and queued steps,
     * commits and rows written, when it next wakes up on its own (a retry or a timeout), and whether it
     * is idle (nothing running, queued or waiting to be processed).
     */
    EngineStats stats();

    /**
     * Stops starting steps, lets running ones finish within the shutdown grace, then releases everything.
     * While the database refuses writes (a full disk) it does not wait for running steps or for the database.
     */
    void close();
}
