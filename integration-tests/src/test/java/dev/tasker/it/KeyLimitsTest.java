package dev.tasker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.ConcurrencyLimit;
import dev.tasker.engine.EngineStats;
import dev.tasker.engine.ManualClock;
import dev.tasker.engine.RateLimit;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskHandle;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Per-key concurrency and rate limits on one node (issue #19, part 3): 50 tasks on 5 keys with a limit of 2
 * never run more than 2 per key and do run 2 per key; a task-scope limit; a rate over 10 simulated seconds.
 */
class KeyLimitsTest {
    static final String TEMPLATE = """
            name: charge
            namespace_name: payments
            version: 1.0.0
            steps:
              - name: charge
                handler:
                  callable: payments.Charge
              - name: notify
                dependencies: [charge]
                handler:
                  callable: payments.Notify
            extensions:
              limits:
                concurrency:
                  - key: $.customer_id
                    max_running: 2
                    steps: [charge]
            """;

    /** Running handlers per key, the most seen at any start, and how many starts. */
    static final class Sampler {
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final Map<String, Integer> peak = new ConcurrentHashMap<>();
        final AtomicInteger starts = new AtomicInteger();

        void started(String key) {
            int now = running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            peak.merge(key, now, Math::max);
            starts.incrementAndGet();
        }

        void ended(String key) {
            running.get(key).decrementAndGet();
        }

        int total() {
            return running.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @Test
    void fifty_tasks_on_five_keys_run_at_most_two_per_key_and_do_reach_two() {
        Sampler sampler = new Sampler();
        Semaphore permits = new Semaphore(0);
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .maxConcurrentSteps(40)
                .templateYaml(TEMPLATE, "charge.yaml")
                .handler("payments.Charge", ctx -> {
                    String key = ctx.getInput("customer_id").asText();
                    sampler.started(key);
                    try {
                        permits.acquire();
                    } finally {
                        sampler.ended(key);
                    }
                    return StepHandlerResult.success(Map.of("charged", true));
                })
                .handler("payments.Notify", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                handles.add(tasker.submit(
                        TaskRequest.of("payments", "charge", Map.of("customer_id", "c" + i % 5, "n", i))));
            }
            for (int round = 1; round <= 5; round++) {
                // Each round, every key runs exactly its limit: 5 keys x 2 (throughput as the limit allows).
                await().atMost(TestEngines.AWAIT).until(() -> sampler.total() == 10);
                for (int k = 0; k < 5; k++) {
                    assertEquals(2, sampler.running.get("c" + k).get(), "key c" + k + " runs its 2 in round " + round);
                }
                if (round == 1) {
                    StepSnapshot waiting = waitingCharge(handles);
                    assertNotNull(waiting, "a charge step waits for its key, with a reason");
                    assertTrue(
                            waiting.waitingReason().matches("waiting_for_limit: customer_id=c[0-4] \\(2/2 running\\)"),
                            waiting.waitingReason());
                }
                int before = sampler.starts.get();
                permits.release(10);
                int expected = before + (round < 5 ? 10 : 0);
                await().atMost(TestEngines.AWAIT).until(() -> sampler.starts.get() == expected);
            }
            for (TaskHandle h : handles) {
                assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
                assertNull(h.snapshot().step("charge").waitingReason(), "a finished step waits for nothing");
            }
            assertEquals(50, sampler.starts.get());
            sampler.peak.forEach((key, peak) -> assertEquals(2, peak, "the most running at once for key " + key));
        }
    }

    private static StepSnapshot waitingCharge(List<TaskHandle> handles) {
        for (TaskHandle h : handles) {
            StepSnapshot s = h.snapshot().step("charge");
            if (s.state() == StepState.PENDING && s.waitingReason() != null) {
                return s;
            }
        }
        return null;
    }

    @Test
    void a_task_scope_limit_keeps_one_task_per_key_in_process_until_it_ends() {
        Map<String, AtomicInteger> inProcess = new ConcurrentHashMap<>();
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(0);
        String yaml = TEMPLATE.replace("max_running: 2", "max_running: 1").replace("steps: [charge]", "scope: tasks");
        assertTrue(yaml.contains("scope: tasks"));
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .maxConcurrentSteps(40)
                .templateYaml(yaml, "charge.yaml")
                .handler("payments.Charge", ctx -> {
                    String key = ctx.getInput("customer_id").asText();
                    int now = inProcess
                            .computeIfAbsent(key, k -> new AtomicInteger())
                            .incrementAndGet();
                    peak.merge(key, now, Math::max);
                    return StepHandlerResult.success(Map.of());
                })
                .handler("payments.Notify", ctx -> {
                    permits.acquire();
                    inProcess.get(ctx.getInput("customer_id").asText()).decrementAndGet();
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                handles.add(tasker.submit(
                        TaskRequest.of("payments", "charge", Map.of("customer_id", "c" + i % 3, "n", i))));
            }
            for (int round = 0; round < 4; round++) {
                // One task per key reaches its notify step; the others' first step waits although it could run.
                await().atMost(TestEngines.AWAIT)
                        .until(() -> permits.hasQueuedThreads() && permits.getQueueLength() == 3);
                permits.release(3);
            }
            for (TaskHandle h : handles) {
                assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            }
            peak.forEach((key, p) -> assertEquals(1, p, "tasks in process at once for key " + key));
        }
    }

    @Test
    void a_rate_limit_spaces_starts_over_ten_simulated_seconds() {
        ManualClock clock = new ManualClock();
        AtomicInteger starts = new AtomicInteger();
        int perSecond = 5;
        try (Tasker tasker = TestEngines.builder(clock)
                .maxConcurrentSteps(40)
                .templateYaml(TEMPLATE, "charge.yaml")
                .rateLimit(RateLimit.perCallable("payments.Notify").perSecond(perSecond))
                .handler("payments.Charge", ctx -> StepHandlerResult.success(Map.of()))
                .handler("payments.Notify", ctx -> {
                    starts.incrementAndGet();
                    return StepHandlerResult.success(Map.of());
                })
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                handles.add(tasker.submit(TaskRequest.of("payments", "charge", Map.of("customer_id", "c" + i))));
            }
            // Every charge runs (no rate on it); the notify steps queue behind the rate.
            await().atMost(TestEngines.AWAIT).until(() -> waitingNotify(handles) >= 70);
            StepSnapshot waiting = handles.getLast().snapshot().step("notify");
            assertTrue(
                    waiting.waitingReason().startsWith("waiting_for_rate_limit: payments.Notify (5/s; next start at"),
                    waiting.waitingReason());
            int before = starts.get();
            for (int tick = 0; tick < 200; tick++) { // 10 s in 50 ms steps, one engine cycle each
                EngineStats seen = tasker.stats();
                clock.advance(Duration.ofMillis(50));
                await().atMost(TestEngines.AWAIT).until(() -> tasker.stats() != seen);
            }
            int counted = countStarted(handles);
            await().atMost(TestEngines.AWAIT).until(() -> starts.get() == counted);
            int inWindow = counted - before;
            System.out.println("[KeyLimitsTest] notify starts in 10 simulated seconds at 5/s: " + inWindow);
            assertTrue(inWindow >= 45 && inWindow <= 55, "10 s x 5/s = 50 starts (+-10 %), got " + inWindow);
        }
    }

    private static int waitingNotify(List<TaskHandle> handles) {
        int n = 0;
        for (TaskHandle h : handles) {
            StepSnapshot s = h.snapshot().step("notify");
            if (s.state() == StepState.PENDING && s.waitingReason() != null) {
                n++;
            }
        }
        return n;
    }

    private static int countStarted(List<TaskHandle> handles) {
        int n = 0;
        for (TaskHandle h : handles) {
            if (h.snapshot().step("notify").attempts() > 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void a_builder_limit_spans_templates_and_a_task_without_the_key_is_not_limited() {
        Sampler sampler = new Sampler();
        Semaphore permits = new Semaphore(0);
        String plain = TEMPLATE.substring(0, TEMPLATE.indexOf("extensions:"));
        try (Tasker tasker = TestEngines.builder(new ManualClock())
                .maxConcurrentSteps(40)
                .templateYaml(plain, "charge.yaml")
                .concurrencyLimit(
                        ConcurrencyLimit.perKey("$.account.id").maxRunning(1).steps("charge"))
                .handler("payments.Charge", ctx -> {
                    String key = ctx.inputData().path("account").path("id").asText("none");
                    sampler.started(key);
                    try {
                        permits.acquire();
                    } finally {
                        sampler.ended(key);
                    }
                    return StepHandlerResult.success(Map.of());
                })
                .handler("payments.Notify", ctx -> StepHandlerResult.success(Map.of()))
                .build()) {
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                handles.add(tasker.submit(
                        TaskRequest.of("payments", "charge", Map.of("account", Map.of("id", 7), "n", i))));
                handles.add(tasker.submit(TaskRequest.of("payments", "charge", Map.of("other", i))));
            }
            // The 3 tasks without the key all run; of the 3 with account 7, one.
            await().atMost(TestEngines.AWAIT).until(() -> sampler.total() == 4);
            assertEquals(1, sampler.running.get("7").get());
            assertEquals(3, sampler.running.get("none").get());
            permits.release(100);
            for (TaskHandle h : handles) {
                assertEquals(TaskState.COMPLETE, h.await(TestEngines.AWAIT).state());
            }
            assertEquals(1, sampler.peak.get("7"));
        }
    }
}
