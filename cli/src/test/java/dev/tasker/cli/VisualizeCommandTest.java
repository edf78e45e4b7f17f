package dev.tasker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tasker visualize}: Mermaid and DOT drawings of a template's DAG, read back by strict parsers. */
class VisualizeCommandTest {
    private static final Path DIAMOND = Conformance.fixture("python/diamond_workflow_handler_py.yaml");
    private static final Path CONDITIONAL = Conformance.fixture("python/conditional_approval_handler_py.yaml");
    private static final Set<String> DIAMOND_STEPS =
            Set.of("diamond_start_py", "diamond_branch_b_py", "diamond_branch_c_py", "diamond_end_py");
    private static final Set<List<String>> DIAMOND_EDGES = Set.of(
            List.of("diamond_start_py", "diamond_branch_b_py"), List.of("diamond_start_py", "diamond_branch_c_py"),
            List.of("diamond_branch_b_py", "diamond_end_py"), List.of("diamond_branch_c_py", "diamond_end_py"));
    private static final Set<String> APPROVALS = Set.of("auto_approve_py", "manager_approval_py", "finance_review_py");

    @TempDir
    Path dir;

    @Test
    void the_diamond_in_mermaid_has_four_nodes_and_four_edges() {
        MermaidDiagram diagram = MermaidDiagram.parse(drawn(DIAMOND.toString()));

        assertEquals(4, diagram.nodes().size());
        assertEquals(DIAMOND_STEPS, diagram.nodes().keySet());
        assertEquals(4, diagram.edges().size());
        assertEquals(
                DIAMOND_EDGES,
                diagram.edges().stream().map(e -> List.of(e.from(), e.to())).collect(Collectors.toSet()));
        assertEquals(Set.of(), diagram.dynamic());
    }

    @Test
    void the_diamond_in_dot_has_four_nodes_and_four_edges() {
        DotDiagram diagram = DotDiagram.parse(drawn(DIAMOND.toString(), "--format", "dot"));

        assertEquals(4, diagram.nodes().size());
        assertEquals(DIAMOND_STEPS, diagram.nodes().keySet());
        assertEquals(4, diagram.edges().size());
        assertEquals(
                DIAMOND_EDGES,
                diagram.edges().stream().map(e -> List.of(e.from(), e.to())).collect(Collectors.toSet()));
    }

    @Test
    void mermaid_marks_decision_branches_and_the_steps_created_at_run_time() {
        MermaidDiagram diagram = MermaidDiagram.parse(drawn(CONDITIONAL.toString()));

        assertEquals("{", diagram.nodes().get("routing_decision_py").shape());
        assertEquals("(((", diagram.nodes().get("finalize_approval_py").shape());
        assertEquals(
                APPROVALS,
                diagram.edges().stream()
                        .filter(MermaidDiagram.Edge::branch)
                        .peek(e -> assertEquals("routing_decision_py", e.from()))
                        .map(MermaidDiagram.Edge::to)
                        .collect(Collectors.toSet()));
        assertEquals(7, diagram.edges().size());
        assertEquals(union(APPROVALS, "finalize_approval_py"), diagram.dynamic());
    }

    @Test
    void dot_marks_decision_branches_and_the_steps_created_at_run_time() {
        DotDiagram diagram = DotDiagram.parse(drawn(CONDITIONAL.toString(), "--format=dot"));

        assertEquals("diamond", diagram.nodes().get("routing_decision_py").get("shape"));
        assertEquals("doublecircle", diagram.nodes().get("finalize_approval_py").get("shape"));
        Map<String, String> branch = Map.of("style", "dashed", "label", "branch");
        assertEquals(
                APPROVALS,
                diagram.edges().stream()
                        .filter(e -> e.attributes().equals(branch))
                        .peek(e -> assertEquals("routing_decision_py", e.from()))
                        .map(DotDiagram.Edge::to)
                        .collect(Collectors.toSet()));
        assertEquals(
                4,
                diagram.edges().stream().filter(e -> e.attributes().isEmpty()).count());
        assertEquals(
                union(APPROVALS, "finalize_approval_py"),
                diagram.nodes().entrySet().stream()
                        .filter(n -> "dashed".equals(n.getValue().get("style")))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet()));
    }

    @Test
    void step_names_that_differ_only_in_punctuation_stay_separate_nodes() throws IOException {
        Path file = Files.writeString(dir.resolve("names.yaml"), """
                name: names
                namespace_name: shop
                version: 1.0.0
                steps:
                  - {name: fetch-data, handler: {callable: A}}
                  - {name: fetch.data, handler: {callable: B}}
                  - {name: fetch_data, handler: {callable: C}}
                  - name: 'say "hi" <b>#1 \\ & more'
                    handler: {callable: D}
                    dependencies: [fetch-data, fetch.data, fetch_data]
                """);
        Set<String> names = Set.of("fetch-data", "fetch.data", "fetch_data", "say \"hi\" <b>#1 \\ & more");

        MermaidDiagram mermaid = MermaidDiagram.parse(drawn(file.toString()));
        DotDiagram dot = DotDiagram.parse(drawn(file.toString(), "--format", "dot"));

        assertEquals(names, mermaid.nodes().keySet());
        assertEquals(
                3,
                mermaid.edges().stream()
                        .map(MermaidDiagram.Edge::from)
                        .distinct()
                        .count());
        assertEquals(names, dot.nodes().keySet());
        assertEquals(
                3, dot.edges().stream().map(DotDiagram.Edge::from).distinct().count());
    }

    @Test
    void an_unknown_format_is_a_usage_error() {
        CliRun run =
                CliRun.of("visualize", DIAMOND.toString(), "--format", "png").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(
                "tasker visualize: unknown format 'png'; use mermaid or dot",
                run.err().lines().findFirst().orElseThrow());
    }

    @Test
    void an_unknown_format_is_a_usage_error_even_for_an_invalid_template() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "- not a template\n");

        CliRun run = CliRun.of("visualize", file.toString(), "--format", "png").assertNoStackTrace();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(
                "tasker visualize: unknown format 'png'; use mermaid or dot",
                run.err().lines().findFirst().orElseThrow());
    }

    @Test
    void an_invalid_template_is_reported_without_a_stack_trace() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "- not a template\n");

        CliRun run = CliRun.of("visualize", file.toString()).assertNoStackTrace();

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(
                List.of(
                        "tasker visualize: template validation failed: 1 error",
                        "  " + file
                                + ":1:1: the document is a list; expected a mapping with name, namespace_name, version"
                                + " and steps"),
                run.err().lines().toList());
    }

    /** Runs {@code visualize} and returns what it drew, after checking it succeeded quietly. */
    private static String drawn(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "visualize";
        System.arraycopy(args, 0, full, 1, args.length);
        CliRun run = CliRun.of(full).assertNoStackTrace();
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        return run.out();
    }

    private static Set<String> union(Set<String> names, String more) {
        return Stream.concat(names.stream(), Stream.of(more)).collect(Collectors.toSet());
    }
}
