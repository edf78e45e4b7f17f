package dev.tasker.engine.template;

/** When a declared domain event fires; {@code publishes_events[].condition} in YAML, default {@code success}. */
public enum EventCondition {
    /** {@code success}: Fires when the step succeeds. */
    SUCCESS,
    /** {@code failure}: Fires on any failure. */
    FAILURE,
    /** {@code retryable_failure}: Fires on a failure that will be retried. */
    RETRYABLE_FAILURE,
    /** {@code permanent_failure}: Fires on a failure that will not be retried. */
    PERMANENT_FAILURE,
    /** {@code always}: Fires after every attempt. */
    ALWAYS;

    /** @return the spelling used in template YAML, e.g. {@code success} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static EventCondition fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "event condition");
    }
}
