package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.only;
import static dev.tasker.engine.template.Templates.rejected;
import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded size, aliases and depth; plain data only; clear messages for documents that are not templates. */
class HostileInputTest {
    @TempDir
    Path dir;

    @Test
    void a_50_megabyte_file_is_refused_before_it_is_read_naming_the_limit() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(50L * 1024 * 1024); // sparse: never read, or the test would be slow and the limit moot
        }

        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadFile(huge));

        TemplateProblem problem = only(e.problems(), "DOCUMENT_TOO_LARGE");
        assertEquals(
                "the document is 52428800 bytes; the limit is 5242880 bytes"
                        + " (TemplateLoader.Builder.maxDocumentBytes)",
                problem.message());
        assertEquals(huge.toString(), problem.source());
    }

    @Test
    void the_size_limit_applies_to_strings_too() {
        TemplateLoader small = TemplateLoader.builder().maxDocumentBytes(64).build();
        String yaml = withSteps("  - {name: a, handler: {callable: A}}\n");

        TemplateValidationException e =
                assertThrows(TemplateValidationException.class, () -> small.loadString(yaml, "t.yaml"));

        assertTrue(only(e.problems(), "DOCUMENT_TOO_LARGE").message().contains("the limit is 64 bytes"));
    }

    @Test
    void an_alias_bomb_is_refused() {
        TemplateProblem problem = only(rejected("""
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                """), "TOO_MANY_ALIASES");

        // The expansion budget trips first, at the first '*e': 37 aliases in, ~140,000 nodes.
        assertEquals(
                "YAML aliases expand to more than 100000 nodes; refusing what looks like an alias bomb",
                problem.message());
        assertEquals(6, problem.line());
    }

    @Test
    void more_aliases_than_the_limit_are_refused() {
        String aliases = String.join(", ", Collections.nCopies(51, "*x"));

        TemplateProblem problem = only(rejected("x: &x small\nmany: [" + aliases + "]\n"), "TOO_MANY_ALIASES");

        assertEquals(
                "more than 50 YAML aliases; the limit guards against alias bombs"
                        + " (TemplateLoader.Builder.maxAliases)",
                problem.message());
        assertEquals(2, problem.line());
    }

    @Test
    void few_aliases_expanding_to_too_many_nodes_are_refused() {
        TemplateLoader generous = TemplateLoader.builder().maxAliases(1000).build();
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 8; level++) {
            yaml.append("a")
                    .append(level)
                    .append(": &a")
                    .append(level)
                    .append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*a" + (level - 1))))
                    .append("]\n");
        }

        TemplateValidationException e =
                assertThrows(TemplateValidationException.class, () -> generous.loadString(yaml.toString(), "t.yaml"));

        assertEquals(
                "YAML aliases expand to more than 100000 nodes; refusing what looks like an alias bomb",
                only(e.problems(), "TOO_MANY_ALIASES").message());
    }

    @Test
    void ordinary_anchors_aliases_and_merge_keys_are_expanded() {
        TaskTemplate template = Templates.load("""
                name: t
                namespace_name: ns
                version: 1.0.0
                x-defaults:
                  retry: &retry {max_attempts: 5, backoff: linear}
                  init: &init {region: eu, tier: gold}
                  timeout: &timeout 45
                steps:
                  - name: a
                    handler: {callable: A, initialization: {<<: *init, tier: silver}}
                    retry: *retry
                    timeout_seconds: *timeout
                """);

        StepDefinition a = template.requireStep("a");
        assertEquals(5, a.retry().maxAttempts());
        assertEquals(BackoffStrategy.LINEAR, a.retry().backoff());
        assertEquals(45, a.timeoutSeconds());
        assertEquals("eu", a.handler().initialization().path("region").asText());
        assertEquals("silver", a.handler().initialization().path("tier").asText());
    }

    @Test
    void deep_nesting_is_refused_naming_the_limit() {
        String deep = "[".repeat(100) + "]".repeat(100);

        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A, initialization: {deep: %s}}
                """.formatted(deep))), "NESTING_TOO_DEEP");

        assertEquals(
                "the document nests deeper than 64 levels (TemplateLoader.Builder.maxNestingDepth)", problem.message());
        assertEquals(6, problem.line());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "!!python/object/apply:os.system ['echo pwned']",
                "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ['http://x']]]]",
                "!custom value",
                "!!binary aGVsbG8="
            })
    void custom_tags_and_type_construction_are_refused(String value) {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A, initialization: {payload: %s}}
                """.formatted(value))), "CUSTOM_TAG");

        assertTrue(problem.message().startsWith("YAML tag '"), problem.message());
        assertTrue(problem.message().endsWith("' is not allowed; templates hold plain data only"), problem.message());
        assertEquals(6, problem.line());
    }

    @Test
    void core_yaml_tags_are_plain_data_and_allowed() {
        TaskTemplate template = Templates.load(withSteps("""
                  - name: a
                    handler: {callable: !!str A, initialization: {n: !!int "5"}}
                """));

        assertEquals("A", template.requireStep("a").handler().callable());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"- a\n- b\n", "just a sentence\n", "42\n"})
    void a_document_that_is_not_a_mapping_is_refused(String yaml) {
        TemplateProblem problem = only(rejected(yaml), "NOT_A_MAPPING");

        assertTrue(problem.message().startsWith("the document is a"), problem.message());
        assertTrue(problem.message().endsWith("; expected a mapping with name, namespace_name, version and steps"));
        assertEquals(1, problem.line());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "# only a comment\n", "---\n"})
    void an_empty_document_is_refused(String yaml) {
        TemplateProblem problem = only(rejected(yaml), "NOT_A_MAPPING");

        assertEquals(
                "the document is empty; expected a mapping with name, namespace_name, version and steps",
                problem.message());
    }

    @Test
    void malformed_yaml_is_reported_with_its_line_and_column() {
        TemplateProblem problem = only(rejected("""
                name: t
                namespace_name: ns
                steps: [a, b
                version: 1.0.0
                """), "YAML_SYNTAX");

        assertEquals(4, problem.line());
        assertEquals(8, problem.column());
        assertEquals(
                "malformed YAML: expected ',' or ']', but got : (while parsing a flow sequence at line 3)",
                problem.message());
    }

    @Test
    void bad_indentation_is_reported_with_its_line() {
        TemplateProblem problem = only(rejected("name: t\n  version: 1.0.0\n"), "YAML_SYNTAX");

        assertEquals("t.yaml:2:10: malformed YAML: mapping values are not allowed here", problem.toString());
    }

    @Test
    void an_unknown_alias_is_reported() {
        TemplateProblem problem = only(rejected("name: *nowhere\n"), "YAML_SYNTAX");

        assertEquals("malformed YAML: unknown alias '*nowhere'", problem.message());
    }

    @Test
    void a_second_document_in_one_file_is_refused_at_its_line() {
        TemplateProblem problem = only(
                rejected(withSteps("  - {name: a, handler: {callable: A}}\n") + "---\n"
                        + withSteps("  - {name: b, handler: {callable: B}}\n")),
                "MULTIPLE_DOCUMENTS");

        assertEquals("a template file holds one YAML document; found another one here", problem.message());
        assertEquals(7, problem.line());
    }

    @Test
    void a_duplicated_key_is_an_error_rather_than_a_silent_overwrite() {
        TemplateProblem problem = only(rejected(withSteps("""
                  - name: a
                    handler: {callable: A}
                    timeout_seconds: 5
                    timeout_seconds: 50
                """)), "DUPLICATE_KEY");

        assertEquals(
                "t.yaml:8:5: duplicate key 'timeout_seconds' in steps[0]; the later value would silently win",
                problem.toString());
    }

    @Test
    void a_file_that_is_not_utf8_is_refused() throws IOException {
        Path file =
                Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadFile(file));

        assertEquals(
                "the document is not valid UTF-8",
                only(e.problems(), "READ_FAILED").message());
    }

    @Test
    void a_missing_file_is_reported_without_a_stack_trace() {
        Path missing = dir.resolve("missing.yaml");

        TemplateValidationException e = assertThrows(
                TemplateValidationException.class,
                () -> TemplateLoader.defaults().loadFile(missing));

        assertEquals(
                missing + ": no such file", only(e.problems(), "READ_FAILED").toString());
        assertFalse(e.getMessage().contains("Exception"));
    }

    @Test
    void limits_are_checked_when_configured() {
        assertThrows(
                IllegalArgumentException.class, () -> TemplateLoader.builder().maxDocumentBytes(0));
        assertThrows(
                IllegalArgumentException.class, () -> TemplateLoader.builder().maxAliases(-1));
        assertThrows(
                IllegalArgumentException.class, () -> TemplateLoader.builder().maxNestingDepth(0));
    }

    @Test
    void a_list_used_as_a_key_is_named_in_plain_words() {
        TemplateProblem problem = only(rejected("? [a, b]\n: c\n"), "YAML_SYNTAX");

        assertEquals(
                "malformed YAML: Expected a field name (Scalar value in YAML), got this instead: a list",
                problem.message());
    }

    @Test
    void an_alias_inside_its_own_anchor_is_refused() {
        TemplateProblem problem = only(rejected("a: &a [1, *a]\n"), "YAML_SYNTAX");

        assertEquals("t.yaml:1:11: malformed YAML: alias '*a' refers to the node that contains it", problem.toString());
    }
}
