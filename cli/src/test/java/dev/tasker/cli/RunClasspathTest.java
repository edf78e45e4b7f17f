package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tasker run --classpath app.jar} runs an application's own template with the application's own handlers,
 * registered by a {@code HandlerModule} service of the jar (built here: compiled, with its templates and service
 * file), and is not stopped by the jar's other templates: one whose handler is absent, one that is invalid.
 */
class RunClasspathTest {
    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void build_the_application_jar() throws IOException {
        Path src = dir.resolve("src/app/InvoiceModule.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package app;

                import dev.tasker.api.StepHandlerResult;
                import dev.tasker.cli.spi.HandlerModule;
                import dev.tasker.engine.TaskerBuilder;
                import java.util.Map;

                public final class InvoiceModule implements HandlerModule {
                    private final String approver;

                    public InvoiceModule() {
                        this("finance-bot");
                    }

                    InvoiceModule(String approver) {
                        this.approver = approver;
                    }

                    @Override
                    public void register(TaskerBuilder builder) {
                        builder.handler("invoices.approve", ctx -> StepHandlerResult.success(
                                Map.of("approved_by", approver, "invoice", ctx.getInput("invoice_id").asText())));
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(
                        messages,
                        null,
                        null,
                        List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")),
                        null,
                        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src))
                .call();
        assertTrue(ok, messages::toString);

        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("app/InvoiceModule.class", Files.readAllBytes(classes.resolve("app/InvoiceModule.class")));
        entries.put("META-INF/services/dev.tasker.cli.spi.HandlerModule", bytes("app.InvoiceModule\n"));
        entries.put("tasker/templates/approve.yaml", bytes("""
                name: approve
                namespace_name: invoices
                version: 1.0.0
                steps:
                  - name: approve
                    handler: {callable: invoices.approve}
                    retry: {max_atempts: 2}
                """));
        entries.put("tasker/templates/unrelated.yaml", bytes("""
                name: unrelated
                namespace_name: invoices
                version: 1.0.0
                steps:
                  - name: ship
                    handler: {callable: com.nowhere.MissingHandler}
                """));
        entries.put("tasker/templates/broken.yaml", bytes("""
                name: broken
                steps: [this is not a step
                """));
        jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            // Folder entries too, as Maven and Gradle write them: class loaders find classpath folders through them.
            for (String folder : List.of("app/", "META-INF/", "META-INF/services/", "tasker/", "tasker/templates/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void the_applications_template_runs_with_its_handler_module_despite_its_other_templates() {
        CliRun run = run("invoices/approve");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"approved_by\" : \"finance-bot\""), run::toString);
        assertTrue(run.out().contains("\"invoice\" : \"INV-7\""), run::toString);
        assertTrue(run.out().contains("Warning: ") && run.out().contains("max_atempts"), run::toString);
    }

    @Test
    void asking_for_a_template_whose_handler_is_absent_names_the_handler() {
        CliRun run = run("invoices/unrelated");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("com.nowhere.MissingHandler"), run::toString);
    }

    @Test
    void asking_for_an_unknown_template_lists_the_valid_ones_and_those_set_aside() {
        CliRun run = run("invoices/nope");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("invoices/approve/1.0.0"), run::toString);
        assertTrue(run.err().contains("set aside as invalid: ") && run.err().contains("broken.yaml"), run::toString);
    }

    private CliRun run(String template) {
        return CliRun.of(
                        "run",
                        template,
                        "--input",
                        "{\"invoice_id\": \"INV-7\"}",
                        "--classpath",
                        jar.toString(),
                        "--db",
                        "jdbc:h2:file:" + dir.resolve("db/tasker"))
                .assertNoStackTrace();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
