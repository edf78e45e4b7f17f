package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.AuditTrail;
import dev.tasker.engine.StepState;
import dev.tasker.engine.StepTransition;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pipelined commits (EngineLoop): on one engine, a large batch is committed by the writer thread while the loop
 * builds the next. Many diamonds in flight must run as without it (each step after its parents' completions,
 * one audit row per transition), and a batch whose commit fails on the writer thread is committed again with
 * the next cycle: nothing is lost or written twice, and no submit fails for it.
 */
class PipelinedCommitTest {
    /** Pipelined commits are off by default: each engine here is built with them on. */
    @org.junit.jupiter.api.BeforeAll
    static void pipelinedOn() {
        System.setProperty("tasker.engine.pipelinedCommits", "true");
    }

    @org.junit.jupiter.api.AfterAll
    static void pipelinedAsBefore() {
        System.clearProperty("tasker.engine.pipelinedCommits");
    }

    private static final String WRITER = "tasker-engine-writer";
    private static final int TASKS = 600;

    private static final String DIAMOND = """
            name: diamond
            namespace_name: pipe
            version: 1.0.0
            steps:
              - name: a
                handler: {callable: step}
              - name: b
                handler: {callable: step}
                depends_on: [a]
              - name: c
                handler: {callable: step}
                depends_on: [a]
              - name: d
                handler: {callable: step}
                depends_on: [b, c]
            """;

    @Test
    void many_diamonds_run_through_the_writer_thread_in_order() throws Exception {
        run(db -> {});
    }

    @Test
    void a_pipelined_commit_that_fails_is_committed_again_with_the_next_cycle() throws Exception {
        AtomicInteger[] left = new AtomicInteger[1];
        run(db -> left[0] = db.failNext(WRITER, sql -> sql.contains("tasker_step_transitions"), 2));
        assertEquals(0, left[0].get(), "both faults were hit on the writer thread");
    }

    private interface Setup {
        void apply(FaultyDataSource db);
    }

    private static void run(Setup setup) throws Exception {
        try (FaultyDataSource db = new FaultyDataSource(TestEngines.memoryUrl(), 4)) {
            CountDownLatch written = db.seen(WRITER, sql -> sql.contains("INSERT INTO tasker_tasks"), 1);
            setup.apply(db);
            AtomicInteger ran = new AtomicInteger();
            try (Tasker tasker = Tasker.builder()
                    .dataSource(db)
                    .templateYaml(DIAMOND, "diamond.yaml")
                    .handler("step", ctx -> {
                        ran.incrementAndGet();
                        return StepHandlerResult.success(Map.of("step", ctx.stepName()));
                    })
                    .build()) {
                List<TaskRequest> requests = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    requests.add(TaskRequest.of("pipe", "diamond", Map.of("n", i)));
                }
                List<SubmitOutcome> outcomes = tasker.submitAll(requests);
                for (SubmitOutcome o : outcomes) {
                    assertNull(o.error(), "every submit is accepted");
                }
                for (SubmitOutcome o : outcomes) {
                    TaskSnapshot s = o.handle().await(TestEngines.AWAIT);
                    assertEquals(TaskState.COMPLETE, s.state());
                }
                assertTrue(written.await(0, TimeUnit.SECONDS), "batches were committed on the writer thread");
                assertEquals(4 * TASKS, ran.get(), "each step ran once");
                for (SubmitOutcome o : outcomes) {
                    AuditTrail audit = tasker.audit(o.handle().taskId());
                    List<StepTransition> all = audit.steps();
                    for (String step : List.of("a", "b", "c", "d")) {
                        assertEquals(1, count(audit, step, StepState.IN_PROGRESS), step + " was claimed once");
                        assertEquals(1, count(audit, step, StepState.COMPLETE), step + " completed once");
                    }
                    for (String[] edge : new String[][] {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}}) {
                        assertTrue(
                                all.indexOf(first(audit, edge[1], StepState.IN_PROGRESS))
                                        > all.indexOf(first(audit, edge[0], StepState.COMPLETE)),
                                "step " + edge[1] + " was claimed after " + edge[0]
                                        + " completed, in the audit's order");
                    }
                }
            }
        }
    }

    private static long count(AuditTrail audit, String step, StepState to) {
        return audit.step(step).stream().filter(t -> t.toState() == to).count();
    }

    private static StepTransition first(AuditTrail audit, String step, StepState to) {
        return audit.step(step).stream()
                .filter(t -> t.toState() == to)
                .findFirst()
                .orElseThrow();
    }
}
