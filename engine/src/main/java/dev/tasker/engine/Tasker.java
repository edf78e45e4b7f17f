package dev.tasker.engine;

import java.util.List;
import java.util.UUID;

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
public interface Tasker extends TaskerOperations {

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
     * @throws dev.tasker.engine.store.StoreException when the database refuses the write (nothing was stored)
     */
    TaskHandle submit(TaskRequest request);

    /**
     * A handle to wait for an existing task.
     *
     * @throws TaskNotFoundException when there is no such task
     */
    TaskHandle handle(UUID taskId);

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

    /** How many tasks this engine holds in memory (running, waiting or blocked). */
    int liveTaskCount();

    /**
     * What the engine is doing, as of the end of its last cycle: live tasks, running and queued steps,
     * commits and rows written, when it next wakes up on its own (a retry or a timeout), and whether it
     * is idle (nothing running, queued or waiting to be processed).
     */
    EngineStats stats();

    /**
     * Whether the engine is doing its work: the engine loop, the last commit, the database, this node's lease,
     * handlers that ignore their interruption, the background loops; each part with a short detail, and an
     * overall status, the worst of them (the rule is on {@link TaskerHealth}). Built from what the engine
     * already knows, without a database round trip, so it may be asked often.
     */
    TaskerHealth health();
}
