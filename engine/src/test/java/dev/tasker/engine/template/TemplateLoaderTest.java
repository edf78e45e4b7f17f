package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where templates come from: files, folders, classpath folders and jars; and the CLI's check. */
class TemplateLoaderTest {
    @TempDir
    Path dir;

    private static String template(String name) {
        return withSteps("  - {name: a, handler: {callable: A}}\n").replace("name: t\n", "name: " + name + "\n");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void a_folder_is_walked_recursively_for_yaml_and_yml_in_sorted_order() throws IOException {
        write("b.yaml", template("b"));
        write("nested/deeper/a.yml", template("nested_a"));
        write("a.yaml", template("a"));
        write("notes.txt", "not a template");

        List<TaskTemplate> templates = TemplateLoader.defaults().loadDirectory(dir);

        assertEquals(
                List.of("a", "b", "nested_a"),
                templates.stream().map(TaskTemplate::name).toList());
        assertEquals(dir.resolve("a.yaml").toString(), templates.getFirst().source());
    }

    @Test
    void a_missing_folder_is_an_error() {
        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadDirectory(dir.resolve("nope")));

        assertEquals(
                dir.resolve("nope") + ": no such folder",
                e.problems().getFirst().toString());
    }

    @Test
    void problems_of_several_files_are_reported_together() throws IOException {
        write("good.yaml", template("good"));
        write("bad1.yaml", template("bad1").replace("callable: A", "callable: ''"));
        write("bad2.yaml", "- not a mapping\n");

        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadDirectory(dir));

        assertEquals(
                List.of(
                        dir.resolve("bad1.yaml").toString(),
                        dir.resolve("bad2.yaml").toString()),
                e.problems().stream().map(TemplateProblem::source).toList());
    }

    @Test
    void paths_mix_files_and_folders_in_argument_order() throws IOException {
        Path single = write("single.tpl", template("single"));
        write("folder/x.yaml", template("x"));

        List<TaskTemplate> templates = TemplateLoader.defaults().loadPaths(dir.resolve("folder"), single);

        assertEquals(
                List.of("x", "single"),
                templates.stream().map(TaskTemplate::name).toList());
    }

    @Test
    void a_classpath_folder_is_read_from_a_directory() throws IOException {
        write("classes/tasker/templates/one.yaml", template("one"));
        write("classes/tasker/templates/sub/two.yaml", template("two"));

        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            List<TaskTemplate> templates = TemplateLoader.defaults().loadClasspath("tasker/templates", loader);

            assertEquals(
                    List.of("one", "two"),
                    templates.stream().map(TaskTemplate::name).toList());
            assertEquals(
                    "classpath:tasker/templates/sub/two.yaml", templates.get(1).source());
        }
    }

    @Test
    void a_classpath_folder_is_read_from_a_jar() throws IOException {
        Path jar = writeJar(
                dir.resolve("templates.jar"),
                Map.of(
                        "tasker/templates/b.yaml", template("b"),
                        "tasker/templates/a.yml", template("a"),
                        "tasker/other/c.yaml", template("c")));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<TaskTemplate> templates = TemplateLoader.defaults().loadClasspath("/tasker/templates/", loader);

            assertEquals(
                    List.of("a", "b"),
                    templates.stream().map(TaskTemplate::name).toList());
            assertEquals(
                    "classpath:tasker/templates/a.yml", templates.getFirst().source());
        }
    }

    @Test
    void an_oversized_jar_entry_is_refused_without_reading_it_all() throws IOException {
        Path jar = writeJar(dir.resolve("big.jar"), Map.of("t/big.yaml", "#".repeat(2000) + "\n" + template("big")));
        TemplateLoader small = TemplateLoader.builder().maxDocumentBytes(1000).build();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            TemplateValidationException e =
                    assertThrows(TemplateValidationException.class, () -> small.loadClasspath("t", loader));

            assertEquals("DOCUMENT_TOO_LARGE", e.problems().getFirst().code());
            assertEquals("classpath:t/big.yaml", e.problems().getFirst().source());
        }
    }

    /** Writes a jar holding the files and, as build tools do, an entry for every folder above them. */
    private static Path writeJar(Path jar, Map<String, String> files) throws IOException {
        Set<String> folders = new TreeSet<>();
        files.keySet().forEach(name -> {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                folders.add(name.substring(0, slash + 1));
            }
        });
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : folders) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new JarEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void a_missing_classpath_folder_is_an_error() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            TemplateValidationException e = assertThrows(
                    TemplateValidationException.class,
                    () -> TemplateLoader.defaults().loadClasspath("no/such/folder", loader));

            assertEquals(
                    "classpath:no/such/folder: no such classpath folder",
                    e.problems().getFirst().toString());
        }
    }

    @Test
    void check_reports_every_file_and_never_throws() throws IOException {
        write("good.yaml", template("good"));
        write("warned.yaml", template("warned") + "colour: blue\n");
        write("broken.yaml", "name: [\n");

        List<TemplateReport> reports = TemplateLoader.defaults().check(dir, dir.resolve("missing.yaml"));

        assertEquals(
                List.of("broken.yaml", "good.yaml", "warned.yaml", "missing.yaml"),
                reports.stream()
                        .map(r -> Path.of(r.source()).getFileName().toString())
                        .toList());
        assertEquals(
                List.of(false, true, true, false),
                reports.stream().map(r -> r.ok(false)).toList());
        assertEquals(
                List.of(false, true, false, false),
                reports.stream().map(r -> r.ok(true)).toList());
        assertTrue(reports.get(1).template().isPresent());
        assertFalse(reports.get(0).template().isPresent());
        assertEquals("YAML_SYNTAX", reports.get(0).errors().getFirst().code());
        assertEquals("UNKNOWN_KEY", reports.get(2).warnings().getFirst().code());
    }

    @Test
    void a_strict_loader_says_so() {
        assertTrue(TemplateLoader.builder().strict(true).build().strict());
        assertFalse(TemplateLoader.defaults().strict());
    }

    @Test
    void a_template_read_from_a_string_keeps_its_source_name() {
        TaskTemplate template = TemplateLoader.defaults().loadString(template("s"), "inline-order.yaml");

        assertEquals("inline-order.yaml", template.source());
        assertEquals("ns/s/1.0.0", template.key());
    }
}
