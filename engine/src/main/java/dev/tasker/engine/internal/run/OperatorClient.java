package dev.tasker.engine.internal.run;

import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.DlqEntry;
import dev.tasker.engine.NodeInfo;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskerClient;
import dev.tasker.engine.template.TemplateRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The operator client: an {@link Engine} opened for operators only, seen through the operations alone. */
public final class OperatorClient implements TaskerClient {
    private final Engine engine;

    /** Takes an engine that was {@link Engine#openForOperators() opened for operators}. */
    public OperatorClient(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Optional<TaskSnapshot> task(UUID taskId) {
        return engine.task(taskId);
    }

    @Override
    public boolean cancel(UUID taskId) {
        return engine.cancel(taskId);
    }

    @Override
    public boolean cancel(UUID taskId, String who, String why) {
        return engine.cancel(taskId, who, why);
    }

    @Override
    public void resetStep(UUID taskId, String step, String who, String why) {
        engine.resetStep(taskId, step, who, why);
    }

    @Override
    public void resolveStep(UUID taskId, String step, String who, String why) {
        engine.resolveStep(taskId, step, who, why);
    }

    @Override
    public void completeStep(UUID taskId, String step, Object result, String who, String why) {
        engine.completeStep(taskId, step, result, who, why);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(UUID taskId, String step, Object payload) {
        return engine.signal(taskId, step, payload);
    }

    @Override
    public dev.tasker.engine.SignalResult signal(dev.tasker.engine.TaskRequest task, String step, Object payload) {
        return engine.signal(task, step, payload);
    }

    @Override
    public void retryTask(UUID taskId, String who, String why) {
        engine.retryTask(taskId, who, why);
    }

    @Override
    public dev.tasker.engine.PurgeReport purge(java.time.Duration olderThan, String namespace, boolean dryRun) {
        return engine.purge(olderThan, namespace, dryRun);
    }

    @Override
    public List<NodeInfo> nodes() {
        return engine.nodes();
    }

    @Override
    public AuditTrail audit(UUID taskId) {
        return engine.audit(taskId);
    }

    @Override
    public List<DlqEntry> dlq(String status, int limit, int offset) {
        return engine.dlq(status, limit, offset);
    }

    @Override
    public Optional<DlqEntry> dlqEntry(UUID entryId) {
        return engine.dlqEntry(entryId);
    }

    @Override
    public void resolveDlq(UUID entryId, String status, String who, String notes) {
        engine.resolveDlq(entryId, status, who, notes);
    }

    @Override
    public List<TaskSnapshot> tasks(TaskQuery query) {
        return engine.tasks(query);
    }

    @Override
    public List<dev.tasker.engine.TaskSummary> taskSummaries(TaskQuery query) {
        return engine.taskSummaries(query);
    }

    @Override
    public java.util.Map<dev.tasker.engine.TaskState, Long> taskCounts() {
        return engine.taskCounts();
    }

    @Override
    public List<dev.tasker.engine.StepActivity> stepActivity(java.time.Instant since) {
        return engine.stepActivity(since);
    }

    @Override
    public TemplateRegistry templates() {
        return engine.templates();
    }

    @Override
    public String nodeId() {
        return engine.nodeId();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "TaskerClient[" + engine.nodeId() + "]";
    }

    @Override
    public List<dev.tasker.engine.ScheduleInfo> schedules() {
        return engine.schedules();
    }

    @Override
    public void pauseSchedule(String name, String who) {
        engine.pauseSchedule(name, who);
    }

    @Override
    public void resumeSchedule(String name, String who) {
        engine.resumeSchedule(name, who);
    }
}
