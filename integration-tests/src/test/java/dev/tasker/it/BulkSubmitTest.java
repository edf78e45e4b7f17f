package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.InputValidationException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.SubmitOutcome;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskRequestException;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import dev.tasker.engine.UnknownTemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Tasker.submitAll and submitAsync: per-request outcomes, one commit, acknowledged only once committed. */
class BulkSubmitTest {

    private static final String TEMPLATE = """
            name: order
            namespace_name: bulk
            version: 1.0.0
            identity_strategy: strict
            input_schema:
              type: object
              required: [order]
              properties:
                order: {type: integer}
            steps:
              - name: work
                handler: {callable: work}
            """;

    private static TaskerBuilder builder(String url, CountDownLatch gate) {
        return Tasker.builder()
                .jdbcUrl(url)
                .clock(new ManualClock())
                .poolSize(2)
                .templateYaml(TEMPLATE, "order.yaml")
                .handler("work", ctx -> {
                    gate.await();
                    return StepHandlerResult.success(Map.of("order", ctx.getInput("order", Integer.class)));
                });
    }

    private static TaskRequest order(Object n) {
        return TaskRequest.of("bulk", "order", Map.of("order", n));
    }

    private static int stored(Tasker tasker) {
        return tasker.tasks(new TaskQuery(null, null, null, 1000, 0)).size();
    }

    @Test
    void a_mixed_batch_gets_one_outcome_per_request_in_order_and_the_accepted_tasks_run() {
        try (Tasker tasker =
                builder(TestEngines.memoryUrl(), new CountDownLatch(0)).build()) {
            TaskHandle before = tasker.submit(order(7));
            List<TaskRequest> batch = List.of(
                    order(1), // 0: new
                    order("x"), // 1: breaks the input schema
                    TaskRequest.of("bulk", "nope", Map.of()), // 2: no such template
                    order(1), // 3: duplicate of 0 in the same batch
                    order(7), // 4: duplicate of a stored task
                    order(2)); // 5: new
            List<SubmitOutcome> out = tasker.submitAll(batch);

            assertEquals(6, out.size());
            for (int i = 0; i < out.size(); i++) {
                assertEquals(i, out.get(i).index());
                assertEquals(batch.get(i), out.get(i).request());
            }
            assertTrue(out.get(0).accepted());
            assertFalse(out.get(0).isDuplicate());
            InputValidationException bad =
                    assertInstanceOf(InputValidationException.class, out.get(1).error());
            assertTrue(bad.getMessage().contains("order"), bad.getMessage());
            assertNull(out.get(1).handle());
            assertThrows(InputValidationException.class, out.get(1)::orThrow);
            assertInstanceOf(UnknownTemplateException.class, out.get(2).error());
            assertTrue(out.get(3).isDuplicate());
            assertEquals(out.get(0).handle().taskId(), out.get(3).handle().taskId());
            assertTrue(out.get(4).isDuplicate());
            assertEquals(before.taskId(), out.get(4).handle().taskId());
            assertFalse(out.get(5).isDuplicate());
            assertNotEquals(out.get(0).handle().taskId(), out.get(5).handle().taskId());

            for (int i : new int[] {0, 5}) {
                assertEquals(
                        TaskState.COMPLETE,
                        out.get(i).handle().await(TestEngines.AWAIT).state());
            }
            assertEquals(3, stored(tasker), "the earlier task and the two new ones; nothing for the refused");
        }
    }

    @Test
    void the_accepted_requests_of_a_batch_share_one_commit_and_are_stored_when_it_returns() {
        CountDownLatch gate = new CountDownLatch(1);
        try (Tasker tasker = builder(TestEngines.memoryUrl(), gate).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> tasker.stats().idle());
            long commits = tasker.stats().commits();
            List<TaskRequest> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(order(i));
            }
            List<SubmitOutcome> out = tasker.submitAll(batch);
            // Acknowledged means committed: every task is readable from the store at once.
            for (SubmitOutcome o : out) {
                assertTrue(tasker.task(o.orThrow().taskId()).isPresent(), "stored before submitAll returned");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> tasker.stats().commits() > commits);
            // The handlers wait on the gate, so nothing else commits: the 50 tasks went in one transaction.
            assertEquals(commits + 1, tasker.stats().commits());
            gate.countDown();
            for (SubmitOutcome o : out) {
                assertEquals(
                        TaskState.COMPLETE, o.orThrow().await(TestEngines.AWAIT).state());
            }
        }
    }

    @Test
    void a_batch_request_matching_a_task_stored_before_a_restart_is_its_duplicate_and_the_others_go_through() {
        String url = TestEngines.memoryUrl();
        UUID first;
        try (Tasker tasker = builder(url, new CountDownLatch(0)).build()) {
            TaskHandle h = tasker.submit(order(99));
            h.await(TestEngines.AWAIT);
            first = h.taskId();
        }
        try (Tasker restarted = builder(url, new CountDownLatch(0)).build()) {
            List<SubmitOutcome> out = restarted.submitAll(List.of(order(100), order(99), order(101)));
            assertFalse(out.get(0).isDuplicate());
            assertTrue(out.get(1).isDuplicate());
            assertEquals(first, out.get(1).handle().taskId());
            assertFalse(out.get(2).isDuplicate());
            assertEquals(3, stored(restarted));
            for (SubmitOutcome o : out) {
                assertEquals(
                        TaskState.COMPLETE, o.orThrow().await(TestEngines.AWAIT).state());
            }
        }
    }

    @Test
    void a_null_request_is_refused_naming_its_position_and_nothing_is_submitted() {
        try (Tasker tasker =
                builder(TestEngines.memoryUrl(), new CountDownLatch(0)).build()) {
            List<TaskRequest> batch = new ArrayList<>();
            batch.add(order(1));
            batch.add(null);
            NullPointerException e = assertThrows(NullPointerException.class, () -> tasker.submitAll(batch));
            assertTrue(e.getMessage().contains("request 1"), e.getMessage());
            assertEquals(0, stored(tasker));
            assertTrue(tasker.submitAll(List.of()).isEmpty());
        }
    }

    @Test
    void submit_async_completes_once_the_task_is_committed_off_the_engine_thread() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (Tasker tasker = builder(TestEngines.memoryUrl(), gate).build()) {
            List<CompletableFuture<TaskHandle>> futures = new ArrayList<>();
            List<CompletableFuture<String>> threads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CompletableFuture<TaskHandle> f = tasker.submitAsync(order(i));
                futures.add(f);
                threads.add(f.thenApply(h -> Thread.currentThread().getName()));
            }
            Set<UUID> ids = new HashSet<>();
            for (CompletableFuture<TaskHandle> f : futures) {
                TaskHandle h = f.get();
                assertFalse(h.isDuplicate());
                assertTrue(tasker.task(h.taskId()).isPresent(), "committed when the future completes");
                ids.add(h.taskId());
            }
            assertEquals(200, ids.size());
            for (CompletableFuture<String> t : threads) {
                assertNotEquals("tasker-engine-loop", t.get(), "dependent actions never run on the loop");
            }
            TaskHandle again = tasker.submitAsync(order(3)).get();
            assertTrue(again.isDuplicate());
            assertEquals(futures.get(3).get().taskId(), again.taskId());
            gate.countDown();
            for (CompletableFuture<TaskHandle> f : futures) {
                assertEquals(
                        TaskState.COMPLETE, f.get().await(TestEngines.AWAIT).state());
            }
        }
    }

    @Test
    void submit_async_fails_with_the_exception_submit_throws() {
        String keyed = TEMPLATE.replace("identity_strategy: strict", "identity_strategy: caller_provided")
                .replace("name: order", "name: keyed");
        try (Tasker tasker = builder(TestEngines.memoryUrl(), new CountDownLatch(0))
                .templateYaml(keyed, "keyed.yaml")
                .build()) {
            assertCause(InputValidationException.class, tasker.submitAsync(order("x")));
            assertCause(UnknownTemplateException.class, tasker.submitAsync(TaskRequest.of("bulk", "nope", Map.of())));
            assertCause(
                    TaskRequestException.class,
                    tasker.submitAsync(TaskRequest.of("bulk", "keyed", Map.of("order", 1))));
            assertEquals(0, stored(tasker));
        }
    }

    private static void assertCause(Class<? extends Throwable> type, CompletableFuture<TaskHandle> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(type, e.getCause());
        assertNotNull(e.getCause().getMessage());
    }
}
