package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tasker.engine.template.TemplateLoader;
import dev.tasker.engine.template.TemplateReport;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@code tasker new}: a template that validates, a handler that compiles and whose test passes. */
class NewCommandTest {
    @TempDir
    Path project;

    @Test
    void a_new_template_is_a_valid_template_even_in_strict_mode() {
        CliRun run = CliRun.of(
                        "new", "template", "order_fulfilment", "--dir", project.toString(), "--namespace", "shop")
                .assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        Path file = project.resolve("src/main/resources/tasker/templates/order_fulfilment.yaml");
        assertEquals("wrote " + file, run.outLines().getFirst());
        List<TemplateReport> reports = TemplateLoader.defaults().check(file);
        assertTrue(
                reports.getFirst().ok(true),
                () -> reports.getFirst().errors() + " " + reports.getFirst().warnings());
        assertEquals(
                "shop/order_fulfilment/1.0.0",
                reports.getFirst().template().orElseThrow().key());
        assertEquals(
                List.of("validate", "process", "notify"),
                reports.getFirst().template().orElseThrow().graph().topologicalOrder());
        assertEquals(0, CliRun.of("validate", "--strict", file.toString()).exitCode());
    }

    @Test
    void an_existing_file_is_never_overwritten() throws IOException {
        CliRun.of("new", "template", "order_fulfilment", "--dir", project.toString());
        Path file = project.resolve("src/main/resources/tasker/templates/order_fulfilment.yaml");
        Files.writeString(file, "mine");

        CliRun again = CliRun.of("new", "template", "order_fulfilment", "--dir", project.toString())
                .assertNoStackTrace();

        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(
                "tasker new: " + file + " already exists; nothing written",
                again.err().strip());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void a_new_handler_compiles_and_its_test_passes() throws Exception {
        CliRun run = CliRun.of(
                        "new", "handler", "send_invoice", "--dir", project.toString(), "--package", "com.acme.billing")
                .assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        Path handler = project.resolve("src/main/java/com/acme/billing/SendInvoiceHandler.java");
        Path test = project.resolve("src/test/java/com/acme/billing/SendInvoiceHandlerTest.java");
        assertEquals(
                List.of("wrote " + handler, "wrote " + test), run.outLines().subList(0, 2));
        Path classes = compile(handler, test);

        TestExecutionSummary summary = runTests(classes, "com.acme.billing.SendInvoiceHandlerTest");

        assertEquals(3, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(0, summary.getTotalFailureCount(), () -> failures(summary));
    }

    @Test
    void a_new_handler_runs_under_tasker_run_from_its_classpath() throws Exception {
        CliRun.of("new", "handler", "greet", "--dir", project.toString(), "--package", "demo");
        Path classes = compile(project.resolve("src/main/java/demo/GreetHandler.java"));
        Path template = Files.writeString(project.resolve("greet.yaml"), """
                name: greeting
                namespace_name: scaffold
                version: 1.0.0
                steps:
                  - name: greet
                    handler: {callable: demo.GreetHandler}
                """);

        CliRun run = CliRun.of(
                        "run",
                        "scaffold/greeting",
                        "--input",
                        "{\"id\": \"7\"}",
                        "--templates",
                        template.toString(),
                        "--classpath",
                        classes.toString(),
                        "--db",
                        "jdbc:h2:file:" + project.resolve("db/tasker"))
                .assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"status\" : \"done\""), run::toString);
    }

    @Test
    void an_existing_handler_is_never_overwritten_and_nothing_is_written() throws IOException {
        Path test = project.resolve("src/test/java/com/example/handlers/SendInvoiceHandlerTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "mine");

        CliRun run = CliRun.of("new", "handler", "send_invoice", "--dir", project.toString())
                .assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(Files.notExists(project.resolve("src/main/java/com/example/handlers/SendInvoiceHandler.java")));
        assertEquals("mine", Files.readString(test));
    }

    @Test
    void bad_names_are_usage_errors() {
        for (String[] args : List.of(
                new String[] {"new", "handler", "9lives"},
                new String[] {"new", "handler", "ok", "--package", "com.example.new"},
                new String[] {"new", "template", "Order-Flow"},
                new String[] {"new", "template", "ok", "--namespace", "a_namespace_name_longer_than_29"},
                new String[] {"new", "template", "ok", "--package", "x"},
                new String[] {"new", "workflow", "x"})) {
            CliRun run = CliRun.of(args).assertNoStackTrace();
            assertEquals(2, run.exitCode(), run::toString);
        }
    }

    @Test
    void handler_names_become_class_names_and_step_names() {
        assertEquals(List.of("send", "invoice"), Scaffold.words("SendInvoice"));
        assertEquals(List.of("billing", "send", "invoice"), Scaffold.words("billing.send-invoice"));
        assertEquals(
                List.of(
                        Path.of("src/main/java/x/BillingSendInvoiceHandler.java"),
                        Path.of("src/test/java/x/BillingSendInvoiceHandlerTest.java")),
                List.copyOf(Scaffold.handler("billing.send_invoice", "x").keySet()));
        assertEquals(
                Path.of("src/main/java/x/SendInvoiceHandler.java"),
                Scaffold.handler("SendInvoiceHandler", "x").keySet().iterator().next());
    }

    /** Compiles the sources against this test's classpath (the API, engine, test kit and JUnit). */
    private Path compile(Path... sources) throws IOException {
        Path out = Files.createDirectories(project.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = List.of(
                "-d",
                out.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none",
                "-Xlint:all",
                "-Werror");
        boolean ok = javac.getTask(
                        messages,
                        null,
                        null,
                        options,
                        null,
                        javac.getStandardFileManager(null, null, null).getJavaFileObjects(sources))
                .call();
        assertTrue(ok, messages::toString);
        return out;
    }

    private static TestExecutionSummary runTests(Path classes, String testClass) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(loader.loadClass(testClass)))
                                    .build(),
                            listener);
            return listener.getSummary();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static String failures(TestExecutionSummary summary) {
        return String.join(
                "\n",
                summary.getFailures().stream()
                        .flatMap(f -> Stream.of(f.getTestIdentifier().getDisplayName() + ": " + f.getException()))
                        .toList());
    }
}
