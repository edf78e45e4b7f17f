package dev.tasker.engine.internal.run;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys Tasker sets around each handler run (on the handler's thread) and around the engine's
 * own lines about a task or a step (on the loop thread). Closing puts back what the keys held before, so a
 * pooled thread, or the loop thread that serves many tasks, keeps no task's keys.
 */
public final class LogContext implements AutoCloseable {
    public static final String TASK_ID = "tasker.task_id";
    public static final String NAMESPACE = "tasker.namespace";
    public static final String TEMPLATE = "tasker.template";
    public static final String STEP = "tasker.step";
    public static final String ATTEMPT = "tasker.attempt";
    public static final String NODE = "tasker.node";

    private static final String[] KEYS = {TASK_ID, NAMESPACE, TEMPLATE, STEP, ATTEMPT, NODE};

    private final String[] previous = new String[KEYS.length];

    private LogContext(UUID taskId, String namespace, String template, String step, int attempt, String node) {
        String[] values = {
            taskId.toString(), namespace, template, step, attempt > 0 ? Integer.toString(attempt) : null, node
        };
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            if (values[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], values[i]);
            }
        }
    }

    /** The keys of one attempt of a step. */
    static LogContext step(UUID taskId, String namespace, String template, String step, int attempt, String node) {
        return new LogContext(taskId, namespace, template, step, attempt, node);
    }

    /** The keys of one attempt of a step, from the loop's state. */
    static LogContext step(StepRun s, String node) {
        return new LogContext(s.task.id, s.task.template.namespace(), s.task.template.name(), s.name, s.attempts, node);
    }

    /** The keys of a task (no step, no attempt). */
    static LogContext task(TaskRun t, String node) {
        return new LogContext(t.id, t.template.namespace(), t.template.name(), null, 0, node);
    }

    /** The keys of a stored task (no step, no attempt), before it is in memory. */
    static LogContext task(dev.tasker.engine.store.spi.TaskRow row, String node) {
        return new LogContext(row.taskId(), row.namespace(), row.name(), null, 0, node);
    }

    /** Puts back what the keys held before. */
    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], previous[i]);
            }
        }
    }
}
