package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasker validate}: the whole corpus passes; each kind of bad template fails with one located message. */
class ValidateCommandTest {
    /** Steps start on line 5. */
    private static final String HEADER = """
            name: orders
            namespace_name: shop
            version: 1.0.0
            steps:
            """;

    @TempDir
    Path dir;

    @Test
    void every_template_of_the_conformance_corpus_is_reported_valid() {
        long files = Conformance.templateFileCount();

        CliRun run = CliRun.of("validate", Conformance.dir().toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(
                files,
                run.outLines().stream()
                        .filter(line -> line.startsWith("ok    "))
                        .count(),
                run::toString);
        assertEquals(List.of(), run.linesContaining("FAIL"));
        assertEquals(
                files + " template file(s): " + files + " valid, 0 invalid",
                run.outLines().getLast());
        assertTrue(files > 0, "the corpus is empty");
    }

    @Test
    void a_dependency_cycle_is_rejected_with_the_cycle_path() throws IOException {
        Path file = write("cycle.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    dependencies: [c]
                  - name: b
                    handler: {callable: B}
                    dependencies: [a]
                  - name: c
                    handler: {callable: C}
                    dependencies: [b]
                """);

        assertEquals(file + ":13:5: step 'c': dependency cycle: a -> b -> c -> a", rejection(file));
    }

    @Test
    void an_unknown_dependency_is_rejected_naming_it_and_the_nearest_step() throws IOException {
        Path file = write("unknown.yaml", HEADER + """
                  - name: validate_cart
                    handler: {callable: A}
                  - name: pay
                    handler: {callable: B}
                    dependencies: [validate_kart]
                """);

        assertEquals(
                file + ":9:20: step 'pay': unknown dependency 'validate_kart' (did you mean 'validate_cart'?)",
                rejection(file));
    }

    @Test
    void a_duplicate_step_name_is_rejected_with_both_lines() throws IOException {
        Path file = write("duplicate.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                  - name: a
                    handler: {callable: B}
                """);

        assertEquals(file + ":7:5: step 'a': duplicate step name 'a' (first defined at line 5)", rejection(file));
    }

    @Test
    void a_step_that_depends_on_itself_is_rejected() throws IOException {
        Path file = write("self.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    dependencies: [a]
                """);

        assertEquals(file + ":7:20: step 'a': step 'a' depends on itself", rejection(file));
    }

    @Test
    void an_empty_callable_is_rejected() throws IOException {
        Path file = write("empty_callable.yaml", HEADER + """
                  - name: a
                    handler:
                      callable: ""
                """);

        assertEquals(file + ":7:7: step 'a': handler.callable is empty", rejection(file));
    }

    @Test
    void an_invalid_step_type_is_rejected_listing_the_valid_ones() throws IOException {
        Path file = write("type.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    type: sometimes
                """);

        assertEquals(
                file + ":7:5: step 'a': invalid step type 'sometimes'; expected one of: standard, decision,"
                        + " deferred_convergence, batchable, batch_worker for 'type'",
                rejection(file));
    }

    @Test
    void an_invalid_backoff_is_rejected_listing_the_valid_ones() throws IOException {
        Path file = write("backoff.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    retry:
                      backoff: sideways
                """);

        assertEquals(
                file + ":8:7: step 'a': invalid backoff 'sideways'; expected one of: none, linear, exponential,"
                        + " fibonacci for 'backoff'",
                rejection(file));
    }

    @Test
    void a_decision_step_without_dependencies_is_rejected() throws IOException {
        Path file = write("decision.yaml", HEADER + """
                  - name: route
                    handler: {callable: A}
                    type: decision
                """);

        assertEquals(file + ":7:5: step 'route': a decision step needs at least one dependency", rejection(file));
    }

    @Test
    void malformed_yaml_is_rejected_with_its_line() throws IOException {
        Path file = write("malformed.yaml", HEADER + """
                  - name: a
                    handler: {callable: A
                    dependencies: []
                """);

        String message = rejection(file);

        assertTrue(message.startsWith(file + ":7:"), message);
        assertTrue(message.contains("malformed YAML: "), message);
    }

    @Test
    void a_yaml_list_is_rejected_as_not_a_template() throws IOException {
        Path file = write("list.yaml", "- name: a\n- name: b\n");

        assertEquals(
                file + ":1:1: the document is a list; expected a mapping with name, namespace_name, version"
                        + " and steps",
                rejection(file));
    }

    @Test
    void a_yaml_scalar_is_rejected_as_not_a_template() throws IOException {
        Path file = write("scalar.yaml", "just some words\n");

        assertEquals(
                file + ":1:1: the document is a single value; expected a mapping with name, namespace_name,"
                        + " version and steps",
                rejection(file));
    }

    @Test
    void a_string_where_a_number_belongs_is_rejected_naming_the_field() throws IOException {
        Path file = write("types.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    retry:
                      max_attempts: "three"
                """);

        assertEquals(
                file + ":8:7: step 'a': steps[0].retry.max_attempts must be an integer, got string 'three'",
                rejection(file));
    }

    @Test
    void an_alias_bomb_is_rejected_quickly_without_expanding_it() throws IOException {
        Path file = write("bomb.yaml", """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """ + HEADER + "  - {name: a, handler: {callable: A}}\n");

        String message = assertTimeout(Duration.ofSeconds(10), () -> rejection(file));

        assertTrue(message.startsWith(file + ":6:"), message);
        assertTrue(
                message.endsWith(
                        "YAML aliases expand to more than 100000 nodes; refusing what looks like an" + " alias bomb"),
                message);
    }

    @Test
    void a_50_megabyte_file_is_rejected_naming_the_size_limit() throws IOException {
        Path file = dir.resolve("huge.yaml");
        long size = 50L * 1024 * 1024;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] start = (HEADER + "  - {name: a, handler: {callable: A}}\n").getBytes(StandardCharsets.UTF_8);
            out.write(start);
            byte[] comment = ("#" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.UTF_8);
            for (long written = start.length; written < size; written += comment.length) {
                out.write(comment, 0, (int) Math.min(comment.length, size - written));
            }
        }
        assertEquals(size, Files.size(file));

        String message = assertTimeout(Duration.ofSeconds(10), () -> rejection(file));

        assertEquals(
                file + ": the document is 52428800 bytes; the limit is 5242880 bytes"
                        + " (TemplateLoader.Builder.maxDocumentBytes)",
                message);
    }

    @Test
    void a_path_that_does_not_exist_is_a_usage_error() {
        Path missing = dir.resolve("no-such-template.yaml");

        CliRun run = CliRun.of("validate", missing.toString()).assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(
                "tasker validate: no such file or folder: " + missing,
                run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("usage: tasker validate PATH... [--strict]"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void a_template_with_only_a_warning_passes_without_strict() throws IOException {
        Path file = write("warning.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    colour: blue
                """);

        CliRun run = CliRun.of("validate", file.toString()).assertNoStackTrace();

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(
                List.of(
                        "ok    shop/orders/1.0.0 (1 step)  " + file,
                        "      warning: " + file + ":7:5: step 'a': unknown key 'colour' at steps[0]",
                        "1 template file(s): 1 valid, 0 invalid"),
                run.outLines());
    }

    @Test
    void strict_mode_fails_a_template_whose_only_problem_is_a_warning() throws IOException {
        Path file = write("warning.yaml", HEADER + """
                  - name: a
                    handler: {callable: A}
                    colour: blue
                """);

        CliRun run = CliRun.of("validate", "--strict", file.toString()).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(
                List.of(
                        "FAIL  shop/orders/1.0.0 (1 step)  " + file,
                        "      error (strict): " + file + ":7:5: step 'a': unknown key 'colour' at steps[0]",
                        "1 template file(s): 0 valid, 1 invalid (strict: warnings count as errors)"),
                run.outLines());
    }

    @Test
    void one_bad_file_in_a_folder_fails_the_run_and_the_others_are_still_reported() throws IOException {
        write("good.yaml", HEADER + "  - {name: a, handler: {callable: A}}\n");
        Path bad = write("bad.yaml", HEADER + "  - {name: a, handler: {callable: A}, dependencies: [b]}\n");

        CliRun run = CliRun.of("validate", dir.toString()).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.linesContaining("FAIL  " + bad).size(), run::toString);
        assertEquals(1, run.linesContaining("ok    shop/orders/1.0.0").size(), run::toString);
        assertEquals("2 template file(s): 1 valid, 1 invalid", run.outLines().getLast());
    }

    @Test
    void a_folder_without_templates_fails_saying_so() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a template");

        CliRun run = CliRun.of("validate", dir.toString()).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(
                "tasker validate: no template files (*.yaml, *.yml) found in " + dir,
                run.err().strip());
    }

    /**
     * Validates one file that must fail with exactly one error, no stack trace and exit status 1.
     *
     * @return the error's text after {@code error: }
     */
    private static String rejection(Path file) {
        CliRun run = CliRun.of("validate", file.toString()).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("FAIL  " + file, run.outLines().getFirst());
        List<String> errors = run.linesContaining("error");
        assertEquals(1, errors.size(), run::toString);
        assertEquals("1 template file(s): 0 valid, 1 invalid", run.outLines().getLast());
        String line = errors.getFirst().strip();
        assertTrue(line.startsWith("error: "), line);
        return line.substring("error: ".length());
    }

    private static final String EXTENDED = HEADER + """
              - name: approval
                handler: {callable: none}
              - name: ship
                handler: {callable: none}
                dependencies: [approval]
            extensions:
              signals:
                approval: {timeout: 48h}
              sub_workflows:
                ship: {namespace: fulfillment, name: ship}
            """;

    @Test
    void tasker_compatible_finds_no_extension_in_the_conformance_corpus() {
        CliRun run =
                CliRun.of("validate", "--tasker-compatible", Conformance.dir().toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(), run.linesContaining("tasker-compatible"), run::toString);
        assertEquals(
                "0 template file(s) use extensions Tasker does not run",
                run.outLines().getLast());
    }

    @Test
    void tasker_compatible_warns_about_a_template_with_extensions_naming_them() throws IOException {
        Path file = write("extended.yaml", EXTENDED);

        CliRun plain = CliRun.of("validate", file.toString());
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(List.of(), plain.linesContaining("extensions"), "without the flag nothing changes");

        CliRun run = CliRun.of("validate", "--tasker-compatible", file.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(
                List.of("      warning (tasker-compatible): uses Tasker for Java extensions (signals, sub_workflows)"
                        + " under extensions:, which Tasker does not run"),
                run.linesContaining("tasker-compatible"));

        CliRun strict = CliRun.of("validate", "--tasker-compatible", "--fail-on-extensions", file.toString());
        assertEquals(2, strict.exitCode(), strict::toString);
    }

    @Test
    void an_unknown_extension_is_rejected_naming_it() throws IOException {
        Path file = write("unknown-extension.yaml", HEADER + """
                  - name: approval
                    handler: {callable: none}
                extensions:
                  signal:
                    approval: {}
                """);

        assertEquals(
                file + ":8:3: unknown extension 'signal' under extensions; known: limits, signals, sub_workflows; did"
                        + " you mean 'signals'?",
                rejection(file));
    }

    @Test
    void an_extension_naming_a_missing_step_is_rejected_with_its_line() throws IOException {
        Path file = write("missing-step.yaml", HEADER + """
                  - name: approval
                    handler: {callable: none}
                extensions:
                  signals:
                    aproval: {timeout: 1h}
                """);

        assertEquals(
                file + ":9:5: step 'aproval': extensions.signals names step 'aproval', which the template does not"
                        + " have",
                rejection(file));
    }

    @Test
    void a_bad_signal_timeout_is_rejected() throws IOException {
        Path file = write("bad-timeout.yaml", HEADER + """
                  - name: approval
                    handler: {callable: none}
                extensions:
                  signals:
                    approval: {timeout: soon, on_timeout: fail}
                """);

        assertTrue(rejection(file).contains("invalid timeout 'soon'"));
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }
}
