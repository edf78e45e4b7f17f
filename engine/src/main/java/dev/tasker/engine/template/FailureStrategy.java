package dev.tasker.engine.template;

/** What a failed batch worker does to its batch; {@code batch_config.failure_strategy} in YAML, default {@code continue_on_failure}. */
public enum FailureStrategy {
    /** {@code continue_on_failure}: A permanently failed worker does not block convergence. */
    CONTINUE_ON_FAILURE,
    /** {@code fail_fast}: The first permanent worker failure cancels the remaining workers. */
    FAIL_FAST,
    /** {@code isolate}: The failed worker waits for an operator; its siblings go on. */
    ISOLATE;

    /** @return the spelling used in template YAML, e.g. {@code continue_on_failure} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static FailureStrategy fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "failure_strategy");
    }
}
