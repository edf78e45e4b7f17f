package dev.tasker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The files {@code tasker new} writes, as text: a typed handler with its test-kit test, or a template. Paths
 * are relative to a project's root, in Maven's layout. Like {@code tasker-ctl template generate}, but the
 * starting points are this library's: a {@code @Handler} method and a test in simulated time.
 */
final class Scaffold {
    private static final Pattern CALLABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_NAMESPACE = 29;

    private Scaffold() {}

    /** The handler of {@code callable} and its test, by path. */
    static Map<Path, String> handler(String callable, String packageName) {
        if (!CALLABLE.matcher(callable).matches()) {
            throw new UsageException("'" + callable + "' is not a handler name: letters, digits, _ . - only, "
                    + "starting with a letter (e.g. send_invoice)");
        }
        if (!SourceVersion.isName(packageName)) {
            throw new UsageException("'" + packageName + "' is not a Java package name");
        }
        String words = String.join("_", words(callable));
        String type = pascal(callable) + (words.endsWith("_handler") ? "" : "Handler");
        Path dir = Path.of(packageName.replace('.', '/'));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(
                Path.of("src/main/java").resolve(dir).resolve(type + ".java"),
                fill(HANDLER, packageName, type, callable, words));
        files.put(
                Path.of("src/test/java").resolve(dir).resolve(type + "Test.java"),
                fill(HANDLER_TEST, packageName, type, callable, words));
        return files;
    }

    /** A template named {@code name} in {@code namespace}, by path. */
    static Map<Path, String> template(String name, String namespace) {
        if (!TEMPLATE_NAME.matcher(name).matches()) {
            throw new UsageException("'" + name + "' is not a template name: lower-case letters, digits and _, "
                    + "starting with a letter (e.g. order_fulfilment)");
        }
        if (!TEMPLATE_NAME.matcher(namespace).matches() || namespace.length() > MAX_NAMESPACE) {
            throw new UsageException("'" + namespace + "' is not a namespace: lower-case letters, digits and _, "
                    + "at most " + MAX_NAMESPACE + " characters");
        }
        return Map.of(
                Path.of("src/main/resources/tasker/templates", name + ".yaml"),
                TEMPLATE.replace("${name}", name).replace("${namespace}", namespace));
    }

    /** {@code sendInvoice}, {@code send-invoice}, {@code billing.send_invoice} → its lower-case words. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String part : name.split("[._-]+")) {
            for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])")) {
                if (!w.isEmpty()) {
                    words.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }

    private static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(name)) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return sb.toString();
    }

    private static String fill(String text, String packageName, String type, String callable, String step) {
        return text.replace("${package}", packageName)
                .replace("${type}", type)
                .replace("${callable}", callable)
                .replace("${step}", step);
    }

    private static final String HANDLER = """
            package ${package};

            import dev.tasker.api.Handler;
            import dev.tasker.api.Input;
            import dev.tasker.api.PermanentError;
            import dev.tasker.api.StepContext;

            /**
             * The handler of callable {@code ${callable}}. Register it with
             * {@code Tasker.builder().handlers(new ${type}())}, or let a template name its class:
             * {@code callable: ${package}.${type}}.
             */
            public final class ${type} {

                /** What the step returns: stored as the step's result, and read by later steps. */
                public record Result(String id, String status) {
                }

                /**
                 * Does the step's work. Parameters are bound from the task input ({@code @Input}), an earlier
                 * step's result ({@code @DependsOn("step")}) and the step's {@code handler.initialization}
                 * ({@code @Config("key")}). Throw {@link PermanentError} when trying again cannot help; any other
                 * exception is retried as the template's {@code retry} block allows. The step may run more than
                 * once (retries, a crash): keep it idempotent.
                 */
                @Handler("${callable}")
                public Result handle(@Input("id") String id, StepContext context) {
                    if (id.isBlank()) {
                        throw new PermanentError("id must not be blank");
                    }
                    // TODO: the work of ${callable}
                    return new Result(id, "done");
                }
            }
            """;

    private static final String HANDLER_TEST = """
            package ${package};

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.tasker.engine.StepState;
            import dev.tasker.engine.TaskSnapshot;
            import dev.tasker.testkit.TaskerTest;
            import dev.tasker.testkit.TaskerTestEnvironment;
            import java.time.Duration;
            import java.util.Map;
            import org.junit.jupiter.api.BeforeEach;
            import org.junit.jupiter.api.Test;

            /**
             * {@link ${type}} in a one-step workflow, on the test kit (dev.tasker:tasker-testkit, test scope): a
             * fresh in-memory database per test and a simulated clock, so retries take no time.
             */
            @TaskerTest(handlers = ${type}.class)
            class ${type}Test {
                static final String TEMPLATE = \"""
                        name: ${step}_test
                        namespace_name: test
                        version: 1.0.0
                        steps:
                          - name: ${step}
                            handler: {callable: ${callable}}
                            retry: {max_attempts: 3, backoff: exponential, backoff_base_ms: 1000}
                        \""";

                @BeforeEach
                void template(TaskerTestEnvironment env) {
                    env.templateYaml(TEMPLATE);
                }

                @Test
                void the_step_returns_its_result(TaskerTestEnvironment env) {
                    TaskSnapshot done = env.assertComplete(env.run("test", "${step}_test", Map.of("id", "42")));

                    assertEquals(new ${type}.Result("42", "done"), env.result(done, "${step}", ${type}.Result.class));
                }

                @Test
                void a_transient_failure_is_retried_after_the_backoff(TaskerTestEnvironment env) {
                    env.inject("${step}").failTimes(1);

                    TaskSnapshot done = env.assertComplete(env.run("test", "${step}_test", Map.of("id", "42")));

                    assertEquals(2, done.step("${step}").attempts());
                    assertEquals(Duration.ofSeconds(1), env.elapsed());
                }

                @Test
                void a_blank_id_fails_the_step_for_good(TaskerTestEnvironment env) {
                    TaskSnapshot done = env.run("test", "${step}_test", Map.of("id", " "));

                    assertEquals(StepState.ERROR, done.step("${step}").state());
                    assertEquals(1, done.step("${step}").attempts());
                }
            }
            """;

    private static final String TEMPLATE = """
            # ${namespace}/${name}: a workflow made by `tasker new template`.
            # Check it with `./tasker validate FILE`; draw it with `./tasker visualize FILE`.
            # Each step's handler.callable names its handler: `./tasker new handler ${name}_validate` writes a
            # typed handler for the first one (register it with Tasker.builder().handlers(...)).
            name: ${name}
            namespace_name: ${namespace}
            version: 1.0.0
            description: "TODO: what ${name} does"
            input_schema:
              type: object
              required: [id]
              properties:
                id:
                  type: string
                  description: "What the workflow works on"
            steps:
              - name: validate
                description: "Check the input; a bad input fails at once"
                handler:
                  callable: ${name}_validate
                retry:
                  retryable: false
                  max_attempts: 1

              - name: process
                description: "Do the work; a transient failure is retried with backoff"
                dependencies: [validate]
                handler:
                  callable: ${name}_process
                  initialization: {}
                retry:
                  retryable: true
                  max_attempts: 3
                  backoff: exponential
                  backoff_base_ms: 1000
                  max_backoff_ms: 30000
                timeout_seconds: 30

              - name: notify
                description: "Tell whoever asked"
                dependencies: [process]
                handler:
                  callable: ${name}_notify
                retry:
                  retryable: true
                  max_attempts: 5
                  backoff: exponential
                  backoff_base_ms: 2000
                  max_backoff_ms: 60000
            """;
}
