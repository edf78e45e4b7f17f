package dev.tasker.engine.template;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The step-type rules of SPEC §2, shared by {@link TaskTemplate}'s constructor (which throws) and
 * the loader (which reports them with file, step and line).
 */
final class StepRules {
    private StepRules() {}

    /** @return what is wrong with the step's type in this graph, or empty */
    static Optional<String> typeProblem(StepDefinition step, TemplateGraph graph) {
        return typeProblem(step, graph::ancestors, name -> graph.step(name).type());
    }

    /**
     * @param ancestors the transitive dependencies of a step
     * @param typeOf    the type of a step
     * @return what is wrong with the step's type, or empty
     */
    static Optional<String> typeProblem(
            StepDefinition step, Function<String, Set<String>> ancestors, Function<String, StepType> typeOf) {
        return switch (step.type()) {
            case DECISION ->
                step.dependencies().isEmpty()
                        ? Optional.of("a decision step needs at least one dependency")
                        : Optional.empty();
            case DEFERRED_CONVERGENCE ->
                step.dependencies().isEmpty()
                        ? Optional.of("a deferred_convergence step needs at least one dependency")
                        : Optional.empty();
            case BATCH_WORKER ->
                ancestors.apply(step.name()).stream().anyMatch(a -> typeOf.apply(a) == StepType.BATCHABLE)
                        ? Optional.empty()
                        : Optional.of("a batch_worker step must be downstream of a batchable step");
            case STANDARD, BATCHABLE -> Optional.empty();
        };
    }
}
