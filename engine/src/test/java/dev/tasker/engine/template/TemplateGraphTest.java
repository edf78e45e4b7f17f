package dev.tasker.engine.template;

import static dev.tasker.engine.template.Templates.withSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The one DAG per template: shape queries, the initial step set and decision segments (reference §1.11). */
class TemplateGraphTest {

    @Test
    void the_diamond_fixture_has_four_steps_and_four_edges() {
        TemplateGraph graph = Conformance.load("tasker-fixtures/python/diamond_workflow_handler_py.yaml")
                .graph();

        assertEquals(4, graph.size());
        assertEquals(4, graph.edgeCount());
        assertEquals(
                List.of("diamond_start_py", "diamond_branch_b_py", "diamond_branch_c_py", "diamond_end_py"),
                graph.topologicalOrder());
        assertEquals(Set.of("diamond_branch_b_py", "diamond_branch_c_py"), graph.parents("diamond_end_py"));
        assertEquals(Set.of("diamond_branch_b_py", "diamond_branch_c_py"), graph.children("diamond_start_py"));
        assertEquals(
                Set.of("diamond_start_py", "diamond_branch_b_py", "diamond_branch_c_py"),
                graph.ancestors("diamond_end_py"));
        assertEquals(Set.of(), graph.descendants("diamond_end_py"));
        assertEquals(graph.topologicalOrder(), List.copyOf(graph.initialSteps()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            tasker-fixtures/python/conditional_approval_handler_py.yaml,     _py
            tasker-fixtures/python/conditional_approval_handler_dsl_py.yaml, _dsl_py
            tasker-fixtures/ruby/conditional_approval_handler.yaml,          ''
            tasker-fixtures/ruby/conditional_approval_handler_dsl.yaml,      _dsl
            """)
    void conditional_approval_starts_with_the_validation_and_the_decision_only(String fixture, String suffix) {
        TemplateGraph graph = Conformance.load(fixture).graph();

        assertEquals(
                List.of("validate_request" + suffix, "routing_decision" + suffix), List.copyOf(graph.initialSteps()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            tasker-fixtures/python/conditional_approval_handler_py.yaml,     _py
            tasker-fixtures/ruby/conditional_approval_handler.yaml,          ''
            """)
    void conditional_approval_segments_are_one_terminal_branch_per_approval(String fixture, String s) {
        TemplateGraph graph = Conformance.load(fixture).graph();

        List<GraphSegment> segments = graph.segmentsFrom("routing_decision" + s);

        assertEquals(
                List.of(
                        new GraphSegment(
                                "routing_decision" + s,
                                "auto_approve" + s,
                                Set.of("auto_approve" + s, "finalize_approval" + s),
                                Set.of()),
                        new GraphSegment(
                                "routing_decision" + s,
                                "manager_approval" + s,
                                Set.of("manager_approval" + s, "finalize_approval" + s),
                                Set.of()),
                        new GraphSegment(
                                "routing_decision" + s,
                                "finance_review" + s,
                                Set.of("finance_review" + s, "finalize_approval" + s),
                                Set.of())),
                segments);
        assertTrue(segments.stream().allMatch(GraphSegment::terminal));
        assertEquals(
                List.of("auto_approve" + s, "finalize_approval" + s),
                List.copyOf(segments.getFirst().steps()));
        assertEquals(
                Set.of("auto_approve" + s, "manager_approval" + s, "finance_review" + s, "finalize_approval" + s),
                graph.decisionDescendants("routing_decision" + s));
    }

    @Test
    void batch_processing_starts_with_the_analyzer_only() {
        TemplateGraph graph = Conformance.load("tasker-fixtures/python/batch_processing_py.yaml")
                .graph();

        assertEquals(Set.of("analyze_csv_py"), graph.initialSteps());
        assertEquals(
                List.of("analyze_csv_py", "process_csv_batch_py", "aggregate_csv_results_py"),
                graph.topologicalOrder());
    }

    /** Two levels of decisions, as in Tasker's "complex example" (primary_routing → compliance_routing). */
    private static final String NESTED = withSteps("""
              - {name: intake, handler: {callable: Intake}}
              - {name: primary_routing, type: decision, dependencies: [intake], handler: {callable: Route}}
              - {name: fast_track, dependencies: [primary_routing], handler: {callable: Fast}}
              - {name: review, dependencies: [primary_routing], handler: {callable: Review}}
              - {name: compliance_routing, type: decision, dependencies: [review], handler: {callable: Route2}}
              - {name: legal, dependencies: [compliance_routing], handler: {callable: Legal}}
              - {name: audit, dependencies: [compliance_routing], handler: {callable: Audit}}
              - {name: audit_report, dependencies: [audit], handler: {callable: Report}}
              - {name: close, type: deferred_convergence, dependencies: [fast_track, legal, audit_report], handler: {callable: Close}}
            """);

    @Test
    void a_segment_stops_at_a_nested_decision_and_records_it_as_an_exit() {
        TemplateGraph graph = Templates.load(NESTED).graph();

        List<GraphSegment> fromPrimary = graph.segmentsFrom("primary_routing");
        List<GraphSegment> fromCompliance = graph.segmentsFrom("compliance_routing");

        assertEquals(
                List.of(
                        new GraphSegment("primary_routing", "fast_track", Set.of("fast_track", "close"), Set.of()),
                        new GraphSegment("primary_routing", "review", Set.of("review"), Set.of("compliance_routing"))),
                fromPrimary);
        assertFalse(fromPrimary.get(1).terminal());
        assertEquals(
                List.of(
                        new GraphSegment("compliance_routing", "legal", Set.of("legal", "close"), Set.of()),
                        new GraphSegment(
                                "compliance_routing", "audit", Set.of("audit", "audit_report", "close"), Set.of())),
                fromCompliance);
    }

    @Test
    void with_nested_decisions_only_steps_above_every_decision_start() {
        TemplateGraph graph = Templates.load(NESTED).graph();

        assertEquals(List.of("intake", "primary_routing"), List.copyOf(graph.initialSteps()));
        assertEquals(
                Set.of("fast_track", "review", "compliance_routing", "legal", "audit", "audit_report", "close"),
                graph.decisionDescendants("primary_routing"));
    }

    @Test
    void a_decision_whose_direct_child_is_a_decision_has_a_segment_of_only_that_exit() {
        TemplateGraph graph = Templates.load(withSteps("""
                  - {name: a, handler: {callable: A}}
                  - {name: first, type: decision, dependencies: [a], handler: {callable: D1}}
                  - {name: second, type: decision, dependencies: [first], handler: {callable: D2}}
                  - {name: leaf, dependencies: [second], handler: {callable: Leaf}}
                """)).graph();

        assertEquals(
                List.of(new GraphSegment("first", "second", Set.of(), Set.of("second"))), graph.segmentsFrom("first"));
        assertEquals(
                List.of(new GraphSegment("second", "leaf", Set.of("leaf"), Set.of())), graph.segmentsFrom("second"));
    }

    @Test
    void a_decision_nothing_depends_on_has_no_segments() {
        TemplateGraph graph = Templates.load(withSteps("""
                  - {name: a, handler: {callable: A}}
                  - {name: lonely, type: decision, dependencies: [a], handler: {callable: D}}
                """)).graph();

        assertEquals(List.of(), graph.segmentsFrom("lonely"));
        assertEquals(Set.of(), graph.decisionDescendants("lonely"));
    }

    @Test
    void without_decisions_every_step_but_workers_and_convergence_starts() {
        TemplateGraph graph = Templates.load(withSteps("""
                  - {name: split, type: batchable, handler: {callable: Split}}
                  - {name: work, type: batch_worker, dependencies: [split], handler: {callable: Work}}
                  - {name: join, type: deferred_convergence, dependencies: [work], handler: {callable: Join}}
                  - {name: side, handler: {callable: Side}}
                """)).graph();

        assertEquals(List.of("split", "side"), List.copyOf(graph.initialSteps()));
    }

    @Test
    void segment_and_descendant_queries_refuse_steps_that_are_not_decisions() {
        TemplateGraph graph = Conformance.load("tasker-fixtures/python/conditional_approval_handler_py.yaml")
                .graph();

        IllegalArgumentException notDecision =
                assertThrows(IllegalArgumentException.class, () -> graph.segmentsFrom("validate_request_py"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> graph.parents("nope"));

        assertEquals("step 'validate_request_py' is not a decision step", notDecision.getMessage());
        assertEquals("unknown step 'nope'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> graph.decisionDescendants("auto_approve_py"));
    }

    @Test
    void the_jgrapht_view_is_read_only() {
        TemplateGraph graph = Conformance.load("tasker-fixtures/python/diamond_workflow_handler_py.yaml")
                .graph();
        org.jgrapht.Graph<String, DefaultEdge> view = graph.asGraph();

        assertEquals(4, view.vertexSet().size());
        assertThrows(UnsupportedOperationException.class, () -> view.addVertex("sneaky"));
        assertThrows(
                UnsupportedOperationException.class, () -> graph.initialSteps().add("sneaky"));
    }

    static List<Path> templates() {
        return Conformance.templates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void every_real_template_orders_each_step_after_its_dependencies(Path file) {
        TaskTemplate template = TemplateLoader.defaults().loadFile(file).getFirst();
        List<String> order = template.graph().topologicalOrder();

        assertEquals(template.steps().size(), order.size());
        for (StepDefinition step : template.steps()) {
            for (String dependency : step.dependencies()) {
                assertTrue(
                        order.indexOf(dependency) < order.indexOf(step.name()), dependency + " before " + step.name());
            }
        }
        assertFalse(template.graph().initialSteps().isEmpty());
    }
}
