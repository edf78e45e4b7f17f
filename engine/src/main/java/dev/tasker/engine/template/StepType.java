package dev.tasker.engine.template;

/** How the engine treats a step (reference §1.9); {@code type} (alias {@code step_type}) in YAML, default {@code standard}. */
public enum StepType {
    /** {@code standard}: A normal step, created when the task starts unless it descends from a decision. */
    STANDARD,
    /** {@code decision}: Chooses at run time which of its descendants are created; needs at least one dependency. */
    DECISION,
    /** {@code deferred_convergence}: Joins whichever branches a decision or batch created; never created at task start. */
    DEFERRED_CONVERGENCE,
    /** {@code batchable}: Splits work into batch worker instances created from a {@code batch_worker} step. */
    BATCHABLE,
    /** {@code batch_worker}: A template for worker instances; never run directly. */
    BATCH_WORKER;

    /** @return the spelling used in template YAML, e.g. {@code standard} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static StepType fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "step type");
    }
}
