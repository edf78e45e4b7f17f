package dev.tasker.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
     * Submits many requests in one transaction: one thread can keep the engine busy without waiting for a commit
     * per task. Each request is checked as {@link #submit} checks it (template, limits, input schema, identity);
     * a refused request gets its error in its outcome and does not stop the others, and a request whose identity
     * matches a stored task, or an earlier request of the same list, gets a handle to that task marked
     * {@link TaskHandle#isDuplicate()}. Returns once every accepted task is committed (each survives a crash from
     * then on), with one outcome per request, in request order.
     *
     * <p>The accepted requests are written in one commit (a very large list is one large transaction: chunks of
     * a few hundred keep it short). Should the database refuse that commit for one request's rows, the others
     * are written again alone and only that request gets the error.
     *
     * @param requests the requests; none may be null
     * @return one outcome per request, in the order of {@code requests}
     * @throws NullPointerException when the list or one of its requests is null (nothing was submitted)
     * @throws TaskerException when the calling thread is interrupted while waiting (requests may still be stored)
     */
    default List<SubmitOutcome> submitAll(List<TaskRequest> requests) {
        List<SubmitOutcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            TaskRequest request = Objects.requireNonNull(requests.get(i), "request " + i + " is null");
            try {
                outcomes.add(new SubmitOutcome(i, request, submit(request), null));
            } catch (RuntimeException e) {
                outcomes.add(new SubmitOutcome(i, request, null, e));
            }
        }
        return outcomes;
    }

    /**
     * Submits without waiting: the request is checked on the calling thread, then handed to the engine, and the
     * future completes once the task is committed (it survives a crash from then on), with a handle as
     * {@link #submit} returns it (a duplicate's handle names the existing task). Many pending submits share one
     * commit. The future fails with the exception {@code submit} would throw (unwrapped in
     * {@link java.util.concurrent.ExecutionException#getCause()}). Dependent actions run on a virtual thread,
     * never on the engine's own thread.
     */
    default CompletableFuture<TaskHandle> submitAsync(TaskRequest request) {
        try {
            return CompletableFuture.completedFuture(submit(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

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
