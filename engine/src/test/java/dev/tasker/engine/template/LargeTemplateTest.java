package dev.tasker.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A 10,000-step template loads and validates; timings are printed for BENCHMARKS.md, never asserted. */
class LargeTemplateTest {
    static final int STEPS = 10_000;

    /**
     * A chain with fan-ins: every step depends on the one before it, and every tenth step also on
     * the eight before that, so the graph has long paths and wide joins. Each step carries the
     * handler, retry and timeout blocks real templates have.
     *
     * @param steps how many steps
     * @return the template's YAML
     */
    public static String yaml(int steps) {
        StringBuilder yaml =
                new StringBuilder(steps * 200).append("name: large\nnamespace_name: bench\nversion: 1.0.0\nsteps:\n");
        for (int i = 0; i < steps; i++) {
            yaml.append("  - name: s")
                    .append(i)
                    .append('\n')
                    .append("    handler:\n      callable: Bench::Step\n      initialization: {index: ")
                    .append(i)
                    .append("}\n")
                    .append("    retry: {retryable: true, max_attempts: 3, backoff: exponential}\n")
                    .append("    timeout_seconds: 30\n")
                    .append("    dependencies: [")
                    .append(String.join(", ", dependencies(i)))
                    .append("]\n");
        }
        return yaml.toString();
    }

    private static List<String> dependencies(int i) {
        if (i == 0) {
            return List.of();
        }
        int from = i % 10 == 0 && i >= 10 ? i - 9 : i - 1;
        return IntStream.range(from, i).mapToObj(d -> "s" + d).toList();
    }

    /** Chain edges, plus eight more into every tenth step from s10 on. */
    static int expectedEdges(int steps) {
        return (steps - 1) + ((steps - 1) / 10) * 8;
    }

    /**
     * Loads the template {@code runs} times after one warm-up load and returns each run's time.
     *
     * @param yaml the template
     * @param runs measured runs
     * @return milliseconds per run
     */
    public static double[] timeLoads(String yaml, int runs) {
        TemplateLoader loader = TemplateLoader.defaults();
        loader.loadString(yaml, "large.yaml");
        double[] millis = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            loader.loadString(yaml, "large.yaml");
            millis[run] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    @Test
    void a_ten_thousand_step_template_loads_and_validates() {
        String yaml = yaml(STEPS);

        long start = System.nanoTime();
        TaskTemplate template = TemplateLoader.defaults().loadString(yaml, "large.yaml");
        double coldMillis = (System.nanoTime() - start) / 1e6;

        assertEquals(STEPS, template.steps().size());
        assertEquals(expectedEdges(STEPS), template.graph().edgeCount());
        assertEquals(STEPS, template.graph().topologicalOrder().size());
        assertEquals("s0", template.graph().topologicalOrder().getFirst());
        assertEquals("s9999", template.graph().topologicalOrder().getLast());
        assertEquals(STEPS, template.graph().initialSteps().size());
        assertEquals(9, template.graph().parents("s9990").size());

        double[] warm = timeLoads(yaml, 5);
        Arrays.sort(warm);
        System.out.printf(
                "10,000-step template (%d edges, %d KiB): first load %.0f ms; warm loads min %.0f ms,"
                        + " median %.0f ms over %d runs%n",
                expectedEdges(STEPS), yaml.length() / 1024, coldMillis, warm[0], warm[warm.length / 2], warm.length);
    }

    @Test
    void a_cycle_closing_a_ten_thousand_step_chain_is_reported_as_a_real_path() {
        String yaml = yaml(STEPS);
        TemplateGraph acyclic =
                TemplateLoader.defaults().loadString(yaml, "large.yaml").graph();

        TemplateProblem problem = Templates.only(
                Templates.rejected(yaml.replaceFirst("dependencies: \\[\\]", "dependencies: [s9999]")),
                "CYCLE_DETECTED");

        List<String> path = List.of(
                problem.message().substring("dependency cycle: ".length()).split(" -> "));
        assertEquals("s9999", problem.step());
        assertEquals(List.of("s0", "s9999", "s0"), List.of(path.getFirst(), path.get(path.size() - 2), path.getLast()));
        for (int hop = 0; hop < path.size() - 2; hop++) {
            assertTrue(
                    acyclic.children(path.get(hop)).contains(path.get(hop + 1)),
                    path.get(hop) + " -> " + path.get(hop + 1));
        }
    }
}
