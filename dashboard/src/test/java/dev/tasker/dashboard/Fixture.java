package dev.tasker.dashboard;

import dev.tasker.api.RetryableError;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.Tasker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** An engine on an H2 file with two templates: a diamond, and a step that fails until it is allowed. */
final class Fixture {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String DIAMOND = """
            name: diamond
            namespace_name: dash
            version: 1.0.0
            steps:
              - name: fetch
                handler: {callable: ok}
              - name: left
                handler: {callable: ok}
                dependencies: [fetch]
              - name: right
                handler: {callable: ok}
                dependencies: [fetch]
              - name: merge
                handler: {callable: ok}
                dependencies: [left, right]
            """;
    static final String FLAKY = """
            name: flaky
            namespace_name: dash
            version: 1.0.0
            steps:
              - name: charge
                handler: {callable: charge}
                retry: {max_attempts: 1}
              - name: receipt
                handler: {callable: ok}
                dependencies: [charge]
            """;

    /** While false, {@code charge} fails; the retry tests flip it. */
    final AtomicBoolean chargeWorks = new AtomicBoolean(false);

    Tasker engine(Path dir) {
        return Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + dir.resolve("db"))
                .templateYaml(DIAMOND, "diamond.yaml")
                .templateYaml(FLAKY, "flaky.yaml")
                .handler("ok", ctx -> StepHandlerResult.success(Map.of("ok", true, "password", "hunter2")))
                .handler("charge", ctx -> {
                    if (!chargeWorks.get()) {
                        throw new RetryableError("card declined (test)");
                    }
                    return StepHandlerResult.success(Map.of("charged", 42));
                })
                .build();
    }
}
