package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.TaskerException;
import dev.tasker.engine.UnknownTemplateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several versions of one template loaded at once: a new submit takes the newest (semantic order) or the one it
 * asks for, and a task runs to its end on the version it was submitted with, across a restart with a newer version
 * loaded (its decision creates the old version's steps); an engine without a version its unfinished tasks use
 * refuses to start, naming them, unless the application allows it.
 */
class TemplateVersionsTest {
    /** intake → route (decision) → one of the branches → done; {@code %s} is the version, then the branch steps. */
    static final String TEMPLATE = """
            name: route
            namespace_name: versions
            version: %s
            steps:
              - {name: intake, handler: {callable: intake},
                 retry: {max_attempts: 2, backoff: linear, backoff_base_ms: 3600000, max_backoff_ms: 3600000}}
              - {name: route, type: decision, handler: {callable: decide}, dependencies: [intake]}
              - {name: %s, handler: {callable: work}, dependencies: [route]}
              - {name: %s, handler: {callable: work}, dependencies: [route]}
              - {name: done, type: deferred_convergence, handler: {callable: work}, dependencies: [%s, %s]}
            """;

    static final String V1 = TEMPLATE.formatted("1.0.0", "old_a", "old_b", "old_a", "old_b");
    static final String V1_9 = TEMPLATE.formatted("1.9.0", "mid_a", "mid_b", "mid_a", "mid_b");
    static final String V1_10 = TEMPLATE.formatted("1.10.0", "new_a", "new_b", "new_a", "new_b");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private TaskerBuilder builder(String... yamls) {
        TaskerBuilder b = TestEngines.builder(clock)
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .shutdownHook(false)
                // The clock jumps hours here: no task goes stale meanwhile.
                .staleness(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(2))
                .handler("intake", ctx -> {
                    if (ctx.inputData().path("slow").asBoolean() && ctx.attempt() == 1) {
                        throw new RetryableError("not yet");
                    }
                    return StepHandlerResult.success(Map.of("ok", true));
                })
                .handler(
                        "decide",
                        ctx -> StepHandlerResult.decision(
                                List.of(ctx.inputData().path("branch").asText())))
                .handler("work", ctx -> StepHandlerResult.success(Map.of("step", ctx.stepName())));
        for (int i = 0; i < yamls.length; i++) {
            b.templateYaml(yamls[i], "route-" + i + ".yaml");
        }
        return b;
    }

    private static TaskRequest request(String branch, boolean slow) {
        return TaskRequest.of("versions", "route", Map.of("branch", branch, "slow", slow, "n", UUID.randomUUID()));
    }

    private static Set<String> steps(TaskSnapshot s) {
        return s.steps().stream().map(StepSnapshot::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void a_submit_takes_the_newest_version_by_semantic_order_or_the_one_it_asks_for() {
        try (Tasker tasker = builder(V1_9, V1, V1_10).build()) {
            TaskSnapshot newest = tasker.submit(request("new_a", false)).await(TestEngines.AWAIT);
            assertEquals("1.10.0", newest.version(), "1.10.0 is newer than 1.9.0");
            assertEquals(
                    TaskState.COMPLETE, newest.state(), () -> newest.steps().toString());
            assertEquals(Set.of("intake", "route", "new_a", "done"), steps(newest));

            TaskSnapshot old =
                    tasker.submit(request("old_b", false).withVersion("1.0.0")).await(TestEngines.AWAIT);
            assertEquals("1.0.0", old.version());
            assertEquals(TaskState.COMPLETE, old.state(), () -> old.steps().toString());
            assertEquals(Set.of("intake", "route", "old_b", "done"), steps(old));

            UnknownTemplateException e = assertThrows(
                    UnknownTemplateException.class,
                    () -> tasker.submit(request("x", false).withVersion("2.0.0")));
            assertTrue(e.getMessage().contains("versions/route/2.0.0"), e::getMessage);
        }
    }

    /** Submits a task on 1.0.0 that stops before its decision (intake waits an hour for its retry); its id. */
    private UUID midwayOnV1() {
        try (Tasker tasker = builder(V1).build()) {
            UUID id = tasker.submit(request("old_a", true)).taskId();
            Awaits.step(tasker, id, "intake", s -> s.state() == StepState.WAITING_FOR_RETRY);
            return id;
        }
    }

    @Test
    void a_task_keeps_its_version_across_a_restart_with_a_newer_one_and_its_decision_creates_the_old_steps() {
        UUID pinned = midwayOnV1();
        try (Tasker tasker = builder(V1, V1_10).build()) {
            TaskSnapshot fresh = tasker.submit(request("new_b", false)).await(TestEngines.AWAIT);
            assertEquals("1.10.0", fresh.version());
            assertEquals(Set.of("intake", "route", "new_b", "done"), steps(fresh));

            clock.advance(Duration.ofHours(1)); // the retry of intake is due: the decision runs after the change
            TaskSnapshot done = Awaits.settled(tasker, tasker.handle(pinned), TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), () -> done.steps().toString());
            assertEquals("1.0.0", done.version());
            assertEquals(Set.of("intake", "route", "old_a", "done"), steps(done), "the old version's branch");
        }
    }

    @Test
    void an_engine_without_a_version_its_unfinished_tasks_use_refuses_to_start_naming_them_unless_allowed() {
        UUID pinned = midwayOnV1();

        TaskerException refused =
                assertThrows(TaskerException.class, () -> builder(V1_10).build().close());
        assertTrue(refused.getMessage().contains("versions/route/1.0.0: 1 unfinished task(s)"), refused::getMessage);
        assertTrue(refused.getMessage().contains(pinned.toString()), refused::getMessage);
        assertTrue(refused.getMessage().contains("allowMissingTemplateVersions()"), refused::getMessage);

        try (Tasker tasker = builder(V1_10).allowMissingTemplateVersions().build()) {
            TaskSnapshot fresh = tasker.submit(request("new_a", false)).await(TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, fresh.state(), () -> fresh.steps().toString());
            clock.advance(Duration.ofHours(2));
            tasker.submit(request("new_b", false)).await(TestEngines.AWAIT); // a cycle after the jump
            TaskSnapshot untouched = tasker.task(pinned).orElseThrow();
            assertEquals("1.0.0", untouched.version());
            assertEquals(StepState.WAITING_FOR_RETRY, untouched.step("intake").state(), "left as stored");
            assertFalse(untouched.state().isTerminal());
        }

        try (Tasker tasker = builder(V1, V1_10).build()) { // the version is back: the task carries on (retry due)
            TaskSnapshot done = Awaits.settled(tasker, tasker.handle(pinned), TestEngines.AWAIT);
            assertEquals(TaskState.COMPLETE, done.state(), () -> done.steps().toString());
            assertEquals(Set.of("intake", "route", "old_a", "done"), steps(done));
        }
    }
}
