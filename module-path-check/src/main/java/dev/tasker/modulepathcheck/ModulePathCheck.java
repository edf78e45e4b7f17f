package dev.tasker.modulepathcheck;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.engine.Tasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one workflow on an H2 file database with every Tasker jar on the module path; exits 1 (failing the build)
 * unless the task completes with the expected result, and checks that the engine's internals stay closed.
 */
public final class ModulePathCheck {
    private static final String TEMPLATE = """
            name: greet
            namespace_name: modules
            version: 1.0.0
            steps:
              - name: hello
                handler: {callable: modules.hello}
              - name: shout
                handler: {callable: modules.shout}
                dependencies: [hello]
            """;

    /** The typed handler: bound by reflection through the package opened in module-info.java. */
    public static final class Greeter {
        @Handler("modules.shout")
        public Greeting shout(@DependsOn(value = "hello", path = "text") String text, @Input("name") String name) {
            return new Greeting((text + ", " + name).toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A result mapped to JSON by the engine's Jackson mapper. */
    public record Greeting(String text) {}

    private ModulePathCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path db = Files.createTempDirectory(dir, "db");
        Module engine = Tasker.class.getModule();
        check(
                engine.isNamed() && engine.getName().equals("dev.tasker.engine"),
                "engine is not a named module: " + engine);
        check(
                !engine.isExported("dev.tasker.engine.internal.run"),
                "dev.tasker.engine.internal.run must not be exported");
        check(
                !engine.isExported("dev.tasker.engine.store.spi"),
                "the store SPI must be exported to the store modules only");
        try (Tasker tasker = Tasker.builder()
                .jdbcUrl("jdbc:h2:file:" + db.resolve("tasker").toAbsolutePath())
                .templateYaml(TEMPLATE, "greet.yaml")
                .handler("modules.hello", ctx -> StepHandlerResult.success(Map.of("text", "hello")))
                .handlers(new Greeter())
                .build()) {
            TaskSnapshot done = tasker.submit(TaskRequest.of("modules", "greet", Map.of("name", "module path")))
                    .await(Duration.ofSeconds(60));
            check(done.state() == TaskState.COMPLETE, "task ended " + done.state() + ": " + done);
            String text = done.step("shout").result().get("text").asText();
            check(text.equals("HELLO, MODULE PATH"), "unexpected result " + text);
            System.out.println("module path check: " + engine.getDescriptor().toNameAndVersion() + " ran '"
                    + text + "' on "
                    + tasker.getClass()
                            .getModule()
                            .getLayer()
                            .configuration()
                            .modules()
                            .size()
                    + " resolved modules");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            System.err.println("module path check failed: " + message);
            System.exit(1);
        }
    }
}
