package dev.tasker.bench.peers;

import dev.tasker.bench.Bench;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.io.IOException;
import java.nio.file.Files;

/**
 * This engine, built exactly as {@code bench linear} and {@code bench diamond} build it (their templates,
 * no-op handlers and settings), awaited through its {@link TaskHandle}: a unit has finished when the commit
 * that settles the task has returned.
 */
final class TaskerSystem implements PeerSystem {
    private final Tasker tasker;
    private final Store store;

    TaskerSystem(Store store) throws IOException {
        this.store = store;
        this.tasker = Bench.benchEngine(
                Files.createTempDirectory("tasker-peers-engine"),
                store.kind() == Store.Kind.H2 ? null : store.jdbcUrl());
    }

    @Override
    public String name() {
        return "tasker (this engine)";
    }

    @Override
    public String store() {
        return store.label();
    }

    @Override
    public String notes() {
        return "one template per workload (B and C run in parallel); submit returns after the task's commit; "
                + "awaited through TaskHandle.await (returns after the commit that settles the task)";
    }

    @Override
    public Completion linear() {
        return completion(tasker.submit(Bench.benchRequest("linear")));
    }

    @Override
    public Completion diamond() {
        return completion(tasker.submit(Bench.benchRequest("diamond")));
    }

    /** {@code submitAll} of {@code chunk} requests at a time: one commit per chunk. */
    @Override
    public java.util.List<Completion> diamonds(int n, int chunk) {
        java.util.List<Completion> submitted = new java.util.ArrayList<>(n);
        for (int from = 0; from < n; from += chunk) {
            java.util.List<dev.tasker.engine.TaskRequest> requests = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(n, from + chunk); i++) {
                requests.add(Bench.benchRequest("diamond"));
            }
            for (dev.tasker.engine.SubmitOutcome outcome : tasker.submitAll(requests)) {
                submitted.add(completion(outcome.orThrow()));
            }
        }
        return submitted;
    }

    @Override
    public String bulkNotes() {
        return "Tasker.submitAll(List<TaskRequest>): one commit per chunk";
    }

    private static Completion completion(TaskHandle handle) {
        return timeout -> {
            TaskSnapshot s = handle.await(timeout);
            if (s.state() != TaskState.COMPLETE) {
                throw new IllegalStateException("task " + handle.taskId() + " ended " + s.state());
            }
        };
    }

    @Override
    public void close() {
        tasker.close();
    }
}
