package dev.tasker.engine.template;

import java.util.Objects;
import java.util.Set;

/**
 * The steps a decision can reach through one of its direct children, stopping at other decision
 * steps (reference §1.11). A decision's outcome may only name steps of its segments; nested
 * decisions it reaches are its {@link #exitDecisions()}.
 *
 * @param entryDecision the decision step the segment hangs from
 * @param root          the direct child of {@code entryDecision} the segment starts at
 * @param steps         the steps reached, {@code root} included unless it is itself a decision;
 *                      exit decisions are not included
 * @param exitDecisions decision steps where the walk stopped
 */
public record GraphSegment(String entryDecision, String root, Set<String> steps, Set<String> exitDecisions) {

    /** Copies the sets, keeping their order. */
    public GraphSegment {
        Objects.requireNonNull(entryDecision, "entryDecision");
        Objects.requireNonNull(root, "root");
        steps = TemplateGraph.frozen(steps);
        exitDecisions = TemplateGraph.frozen(exitDecisions);
    }

    /** @return true when no decision follows: the reference calls these graphs Terminal */
    public boolean terminal() {
        return exitDecisions.isEmpty();
    }

    /**
     * @param step a step name
     * @return whether the segment holds it
     */
    public boolean contains(String step) {
        return steps.contains(step);
    }
}
