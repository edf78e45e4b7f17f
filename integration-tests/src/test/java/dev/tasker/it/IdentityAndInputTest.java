package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.InputValidationException;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskRequestException;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** SPEC §3 identity and input: no duplicate tasks, bad input refused at the door with nothing stored. */
class IdentityAndInputTest {

    private static String template(String strategy) {
        return """
                name: charge
                namespace_name: ident
                version: 1.0.0
                %s
                steps:
                  - name: work
                    handler: {callable: ok}
                """.formatted(strategy == null ? "" : "identity_strategy: " + strategy);
    }

    private static Tasker engine(String strategy) {
        return TestEngines.builder(new ManualClock())
                .templateYaml(template(strategy), "charge.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of()))
                .build();
    }

    private static int stored(Tasker tasker) {
        return tasker.tasks(new TaskQuery(null, null, null, 1000, 0)).size();
    }

    @Test
    void fifty_threads_submitting_the_same_strict_request_create_one_task() throws Exception {
        try (Tasker tasker = engine("strict");
                ExecutorService pool = Executors.newFixedThreadPool(50)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TaskHandle>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return tasker.submit(
                            TaskRequest.of("ident", "charge", Map.of("order", 42, "items", List.of(1, 2))));
                }));
            }
            go.countDown();
            Set<UUID> ids = new HashSet<>();
            int duplicates = 0;
            for (Future<TaskHandle> f : futures) {
                TaskHandle h = f.get();
                ids.add(h.taskId());
                duplicates += h.isDuplicate() ? 1 : 0;
            }
            assertEquals(1, ids.size(), "one task for fifty identical submissions");
            assertEquals(49, duplicates);
            TaskHandle later =
                    tasker.submit(TaskRequest.of("ident", "charge", Map.of("items", List.of(1, 2), "order", 42)));
            assertTrue(later.isDuplicate(), "key order does not change the identity");
            assertEquals(ids.iterator().next(), later.taskId());
            assertEquals(1, stored(tasker));
        }
    }

    @Test
    void a_duplicate_of_a_task_finished_before_a_restart_returns_that_task() {
        String url = TestEngines.memoryUrl();
        UUID first;
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .jdbcUrl(url)
                .templateYaml(template("strict"), "charge.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskHandle h = tasker.submit(TaskRequest.of("ident", "charge", Map.of("order", 99)));
            h.await(TestEngines.AWAIT);
            first = h.taskId();
        }
        try (Tasker restarted = TestEngines.builder(new ManualClock())
                .jdbcUrl(url)
                .templateYaml(template("strict"), "charge.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            TaskHandle again = restarted.submit(TaskRequest.of("ident", "charge", Map.of("order", 99)));
            assertTrue(again.isDuplicate());
            assertEquals(first, again.taskId());
            TaskHandle other = restarted.submit(TaskRequest.of("ident", "charge", Map.of("order", 100)));
            assertFalse(other.isDuplicate(), "a submit sharing the refused batch still goes through");
            assertEquals(2, stored(restarted));
        }
    }

    @Test
    void a_different_context_is_a_different_strict_task() {
        try (Tasker tasker = engine(null)) {
            UUID a = tasker.submit(TaskRequest.of("ident", "charge", Map.of("order", 1)))
                    .taskId();
            UUID b = tasker.submit(TaskRequest.of("ident", "charge", Map.of("order", 2)))
                    .taskId();
            assertNotEquals(a, b);
        }
    }

    @Test
    void caller_provided_without_a_key_is_refused_and_with_a_key_deduplicates() {
        try (Tasker tasker = engine("caller_provided")) {
            TaskRequestException e = assertThrows(
                    TaskRequestException.class,
                    () -> tasker.submit(TaskRequest.of("ident", "charge", Map.of("order", 1))));
            assertTrue(e.getMessage().contains("idempotency key"), e.getMessage());
            assertEquals(0, stored(tasker));
            TaskHandle first = tasker.submit(
                    TaskRequest.of("ident", "charge", Map.of("order", 1)).withIdempotencyKey("k-1"));
            TaskHandle second = tasker.submit(
                    TaskRequest.of("ident", "charge", Map.of("order", 2)).withIdempotencyKey("k-1"));
            assertFalse(first.isDuplicate());
            assertTrue(second.isDuplicate());
            assertEquals(first.taskId(), second.taskId());
        }
    }

    @Test
    void always_unique_creates_one_task_per_submission_unless_a_key_is_given() {
        try (Tasker tasker = engine("always_unique")) {
            Set<UUID> ids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                ids.add(tasker.submit(TaskRequest.of("ident", "charge", Map.of("order", 1)))
                        .taskId());
            }
            assertEquals(5, ids.size());
            UUID keyed = tasker.submit(
                            TaskRequest.of("ident", "charge", Map.of()).withIdempotencyKey("once"))
                    .taskId();
            assertEquals(
                    keyed,
                    tasker.submit(TaskRequest.of("ident", "charge", Map.of()).withIdempotencyKey("once"))
                            .taskId());
        }
    }

    @Test
    void the_ecommerce_template_refuses_a_context_without_customer_email_and_stores_nothing() {
        TaskerBuilder b = TestEngines.builder(new ManualClock())
                .templates(Conformance.dir().resolve("example-apps/ecommerce_order_processing.yaml"));
        for (String callable :
                List.of("validate_cart", "process_payment", "update_inventory", "create_order", "send_confirmation")) {
            b.handler(callable, ctx -> StepHandlerResult.success(Map.of()));
        }
        try (Tasker tasker = b.build()) {
            InputValidationException e = assertThrows(
                    InputValidationException.class,
                    () -> tasker.submit(TaskRequest.of(
                            "ecommerce_py",
                            "ecommerce_order_processing",
                            Map.of(
                                    "items",
                                    List.of(Map.of(
                                            "sku", "A", "name", "Mug", "quantity", "two", "unit_price", 9.5))))));
            assertTrue(
                    e.violations().stream()
                            .anyMatch(v -> v.path().equals("$") && v.message().contains("customer_email")),
                    e.getMessage());
            assertTrue(e.violations().stream().anyMatch(v -> v.path().equals("$.items[0].quantity")), e.getMessage());
            assertEquals(0, stored(tasker), "nothing is stored for a rejected request");
        }
    }
}
