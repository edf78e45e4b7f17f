package dev.tasker.spring.boot;

import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.EngineStats;
import dev.tasker.engine.EventStats;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.TaskerHealth;
import dev.tasker.engine.template.TemplateRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * A {@link Tasker} whose engine lives with the Spring context: {@code TaskerBuilder.build()} starts an engine
 * (it resumes unfinished tasks and runs their handlers at once), so this bean builds it in {@link #start()},
 * once every bean exists, and closes it in {@link #stop(Runnable)}, which lets running handlers finish within the
 * shutdown grace. Calls before the start or after the stop fail with an {@link IllegalStateException}.
 *
 * <p>Its {@linkplain #PHASE phase} is below the web server's: the engine starts before the server takes
 * requests, and stops after the server's graceful shutdown has let the last requests submit their tasks.
 * A stopped context can be started again: the engine is built anew from a fresh builder.
 */
public final class ManagedTasker implements Tasker, SmartLifecycle {
    /** Before the web server starts ({@code DEFAULT_PHASE - 2048}) and after it stops. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Supplier<TaskerBuilder> builder;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable Tasker engine;

    /** @param builder a builder with everything set, asked for at each start */
    public ManagedTasker(Supplier<TaskerBuilder> builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** Builds and so starts the engine; does nothing when it runs. */
    @Override
    public void start() {
        lock.lock();
        try {
            if (engine == null) {
                engine = builder.get().build();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the engine: running handlers get the shutdown grace to finish. Does nothing when stopped. */
    @Override
    public void stop() {
        lock.lock();
        try {
            Tasker running = engine;
            engine = null;
            if (running != null) {
                running.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(Runnable callback) {
        try {
            stop();
        } finally {
            callback.run();
        }
    }

    @Override
    public boolean isRunning() {
        return engine != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Same as {@link #stop()}; the context calls it again when it destroys the bean. */
    @Override
    public void close() {
        stop();
    }

    /** The running engine. */
    public Tasker engine() {
        Tasker running = engine;
        if (running == null) {
            throw new IllegalStateException("the Tasker engine is not running: the Spring context starts it once it"
                    + " is refreshed (SmartLifecycle phase " + PHASE + ") and stops it when it closes; inject it in"
                    + " beans but submit tasks from requests, listeners of ApplicationReadyEvent or runners, not"
                    + " from constructors or @PostConstruct");
        }
        return running;
    }

    @Override
    public TaskHandle submit(TaskRequest request) {
        return engine().submit(request);
    }

    @Override
    public TaskHandle handle(UUID taskId) {
        return engine().handle(taskId);
    }

    @Override
    public EventStats eventStats() {
        return engine().eventStats();
    }

    @Override
    public int liveTaskCount() {
        return engine().liveTaskCount();
    }

    @Override
    public EngineStats stats() {
        return engine().stats();
    }

    @Override
    public TaskerHealth health() {
        return engine().health();
    }

    @Override
    public Optional<TaskSnapshot> task(UUID taskId) {
        return engine().task(taskId);
    }

    @Override
    public boolean cancel(UUID taskId) {
        return engine().cancel(taskId);
    }

    @Override
    public boolean cancel(UUID taskId, String who, @Nullable String why) {
        return engine().cancel(taskId, who, why);
    }

    @Override
    public void resetStep(UUID taskId, String step, String who, @Nullable String why) {
        engine().resetStep(taskId, step, who, why);
    }

    @Override
    public void resolveStep(UUID taskId, String step, String who, @Nullable String why) {
        engine().resolveStep(taskId, step, who, why);
    }

    @Override
    public void completeStep(UUID taskId, String step, @Nullable Object result, String who, @Nullable String why) {
        engine().completeStep(taskId, step, result, who, why);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(UUID taskId, String step, @Nullable Object payload) {
        return engine().signal(taskId, step, payload);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(
            dev.tasker.engine.TaskRequest task, String step, @Nullable Object payload) {
        return engine().signal(task, step, payload);
    }

    @Override
    public void retryTask(UUID taskId, String who, @Nullable String why) {
        engine().retryTask(taskId, who, why);
    }

    @Override
    public dev.tasker.engine.PurgeReport purge(java.time.Duration olderThan, String namespace, boolean dryRun) {
        return engine().purge(olderThan, namespace, dryRun);
    }

    @Override
    public List<NodeInfo> nodes() {
        return engine().nodes();
    }

    @Override
    public List<dev.tasker.engine.ScheduleInfo> schedules() {
        return engine().schedules();
    }

    @Override
    public void pauseSchedule(String name, String who) {
        engine().pauseSchedule(name, who);
    }

    @Override
    public void resumeSchedule(String name, String who) {
        engine().resumeSchedule(name, who);
    }

    @Override
    public AuditTrail audit(UUID taskId) {
        return engine().audit(taskId);
    }

    @Override
    public List<DlqEntry> dlq(@Nullable String status, int limit, int offset) {
        return engine().dlq(status, limit, offset);
    }

    @Override
    public Optional<DlqEntry> dlqEntry(UUID entryId) {
        return engine().dlqEntry(entryId);
    }

    @Override
    public void resolveDlq(UUID entryId, String status, String who, @Nullable String notes) {
        engine().resolveDlq(entryId, status, who, notes);
    }

    @Override
    public List<TaskSnapshot> tasks(TaskQuery query) {
        return engine().tasks(query);
    }

    @Override
    public java.util.Optional<UUID> findTask(TaskRequest request) {
        return engine().findTask(request);
    }

    @Override
    public List<dev.tasker.engine.TaskSummary> taskSummaries(dev.tasker.engine.TaskQuery query) {
        return engine().taskSummaries(query);
    }

    @Override
    public java.util.Map<dev.tasker.engine.TaskState, Long> taskCounts() {
        return engine().taskCounts();
    }

    @Override
    public List<dev.tasker.engine.StepActivity> stepActivity(java.time.Instant since) {
        return engine().stepActivity(since);
    }

    @Override
    public TemplateRegistry templates() {
        return engine().templates();
    }

    @Override
    public String nodeId() {
        return engine().nodeId();
    }

    @Override
    public String toString() {
        Tasker running = engine;
        return "ManagedTasker[" + (running == null ? "stopped" : running.nodeId()) + "]";
    }
}
