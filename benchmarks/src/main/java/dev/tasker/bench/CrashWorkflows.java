package dev.tasker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.CursorConfig;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The crash matrix's workflow mix (namespace {@code crash}): a 4-step linear chain, a diamond, a step that
 * fails its first two attempts and then succeeds (a retry with backoff, so waiting-for-retry timers are in
 * flight at the kills), and a batch fanning out to 2–4 workers and converging. Every step is retryable
 * with plenty of attempts, because a kill while a step runs costs that step an attempt. Each handler
 * computes its result from its input and its parents' results, so the final result tells whether a
 * dependency result was lost: {@link #expected} gives it.
 */
final class CrashWorkflows {
    static final String NAMESPACE = "crash";
    static final String[] NAMES = {"linear", "diamond", "retrying", "batch"};
    /** Attempts a step may use; kills cost attempts, and the flaky step uses two by design. */
    static final int MAX_ATTEMPTS = 100;
    /** How many attempts of the flaky step fail on purpose. */
    static final int FLAKY_FAILURES = 2;

    private static final String RETRY = "retry: {retryable: true, max_attempts: " + MAX_ATTEMPTS
            + ", backoff: exponential, backoff_base_ms: 50, max_backoff_ms: 400}";

    static final String LINEAR = """
            name: linear
            namespace_name: crash
            version: 1.0.0
            steps:
              - {name: s1, handler: {callable: first}, %1$s}
              - {name: s2, handler: {callable: plus_one}, dependencies: [s1], %1$s}
              - {name: s3, handler: {callable: plus_one}, dependencies: [s2], %1$s}
              - {name: s4, handler: {callable: plus_one}, dependencies: [s3], %1$s}
            """.formatted(RETRY);
    static final String DIAMOND = """
            name: diamond
            namespace_name: crash
            version: 1.0.0
            steps:
              - {name: start, handler: {callable: first}, %1$s}
              - {name: left, handler: {callable: double}, dependencies: [start], %1$s}
              - {name: right, handler: {callable: plus_one}, dependencies: [start], %1$s}
              - {name: end, handler: {callable: sum}, dependencies: [left, right], %1$s}
            """.formatted(RETRY);
    static final String RETRYING = """
            name: retrying
            namespace_name: crash
            version: 1.0.0
            steps:
              - {name: prepare, handler: {callable: first}, %1$s}
              - {name: flaky, handler: {callable: flaky}, dependencies: [prepare], %1$s}
              - {name: finish, handler: {callable: plus_one}, dependencies: [flaky], %1$s}
            """.formatted(RETRY);
    static final String BATCH = """
            name: batch
            namespace_name: crash
            version: 1.0.0
            steps:
              - {name: plan, type: batchable, handler: {callable: plan}, %1$s}
              - name: item
                type: batch_worker
                dependencies: [plan]
                handler: {callable: item}
                batch_config: {batch_size: 1, parallelism: 2}
                %1$s
              - {name: total, type: deferred_convergence, handler: {callable: total}, dependencies: [item], %1$s}
            """.formatted(RETRY);

    private CrashWorkflows() {}

    /** The final step of each workflow, whose result {@link #expected} predicts. */
    static String lastStep(String workflow) {
        return switch (workflow) {
            case "linear" -> "s4";
            case "diamond" -> "end";
            case "retrying" -> "finish";
            case "batch" -> "total";
            default -> throw new IllegalArgumentException("not a crash workflow: " + workflow);
        };
    }

    /** The result the last step of {@code workflow} must have for input {@code n}. */
    static Map<String, Long> expected(String workflow, long n) {
        return switch (workflow) {
            case "linear" -> Map.of("v", n + 3);
            case "diamond" -> Map.of("v", 3 * n + 1);
            case "retrying" -> Map.of("v", 10 * n + 1);
            case "batch" -> {
                long k = workers(n);
                yield Map.of("workers", k, "sum", k * (k - 1) / 2);
            }
            default -> throw new IllegalArgumentException("not a crash workflow: " + workflow);
        };
    }

    /** Checks a stored result of a last step against {@link #expected}. */
    static boolean matches(String workflow, long n, JsonNode result) {
        if (result == null) {
            return false;
        }
        for (Map.Entry<String, Long> e : expected(workflow, n).entrySet()) {
            JsonNode v = result.get(e.getKey());
            if (v == null || v.asLong() != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How many batch workers a batch task of input {@code n} plans. */
    static long workers(long n) {
        return 2 + n % 3;
    }

    /** A random workflow of the mix, and its input number. */
    static String pick(Random random) {
        return NAMES[random.nextInt(NAMES.length)];
    }

    /**
     * Registers the templates and the handlers, each wrapped by {@code wrap} (the child logs every run) and
     * doing {@code 0..maxWorkMillis} of simulated work, so that kills land while steps run.
     */
    static TaskerBuilder register(
            TaskerBuilder b, java.util.function.UnaryOperator<StepHandler> wrap, int maxWorkMillis) {
        b.templateYaml(LINEAR, "crash-linear.yaml")
                .templateYaml(DIAMOND, "crash-diamond.yaml")
                .templateYaml(RETRYING, "crash-retrying.yaml")
                .templateYaml(BATCH, "crash-batch.yaml");
        handler(
                b,
                wrap,
                maxWorkMillis,
                "first",
                ctx -> StepHandlerResult.success(Map.of("v", ctx.getInput("n").asLong())));
        handler(b, wrap, maxWorkMillis, "plus_one", ctx -> StepHandlerResult.success(Map.of("v", onlyParent(ctx) + 1)));
        handler(b, wrap, maxWorkMillis, "double", ctx -> StepHandlerResult.success(Map.of("v", onlyParent(ctx) * 2)));
        handler(
                b,
                wrap,
                maxWorkMillis,
                "sum",
                ctx -> StepHandlerResult.success(Map.of(
                        "v",
                        ctx.getDependencyResult("left").get("v").asLong()
                                + ctx.getDependencyResult("right").get("v").asLong())));
        handler(
                b,
                wrap,
                maxWorkMillis,
                "flaky",
                ctx -> ctx.attempt() <= FLAKY_FAILURES
                        ? StepHandlerResult.failure(
                                "fails on purpose on attempt " + ctx.attempt(),
                                dev.tasker.api.ErrorType.RETRYABLE_ERROR,
                                true)
                        : StepHandlerResult.success(Map.of(
                                "v", ctx.getDependencyResult("prepare").get("v").asLong() * 10)));
        handler(b, wrap, maxWorkMillis, "plan", ctx -> {
            long k = workers(ctx.getInput("n").asLong());
            return StepHandlerResult.createBatches("item", CursorConfig.split(k, (int) k), k);
        });
        handler(
                b,
                wrap,
                maxWorkMillis,
                "item",
                ctx -> StepHandlerResult.success(
                        Map.of("n", ctx.stepInputs().at("/cursor/start_cursor").asLong())));
        handler(b, wrap, maxWorkMillis, "total", ctx -> {
            Map<String, JsonNode> items = ctx.getDependencyResults("item_");
            long sum =
                    items.values().stream().mapToLong(r -> r.get("n").asLong()).sum();
            return StepHandlerResult.success(Map.of("workers", items.size(), "sum", sum));
        });
        return b;
    }

    private static long onlyParent(dev.tasker.api.StepContext ctx) {
        String parent = switch (ctx.stepName()) {
            case "s2" -> "s1";
            case "s3" -> "s2";
            case "s4" -> "s3";
            case "left", "right" -> "start";
            case "finish" -> "flaky";
            default -> throw new IllegalStateException("no parent known for step " + ctx.stepName());
        };
        return ctx.getDependencyResult(parent).get("v").asLong();
    }

    private static void handler(
            TaskerBuilder b,
            java.util.function.UnaryOperator<StepHandler> wrap,
            int maxWorkMillis,
            String callable,
            StepHandler work) {
        b.handler(callable, wrap.apply(ctx -> {
            if (maxWorkMillis > 0) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(maxWorkMillis + 1)); // the step's work
            }
            return work.call(ctx);
        }));
    }
}
