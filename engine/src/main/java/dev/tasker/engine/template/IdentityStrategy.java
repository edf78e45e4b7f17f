package dev.tasker.engine.template;

/** How a submitted task is told apart from earlier ones; top-level {@code identity_strategy} in YAML. */
public enum IdentityStrategy {
    /** {@code strict}: Same template and same context (canonical JSON) is the same task. */
    STRICT,
    /** {@code caller_provided}: The caller must give an idempotency key, which identifies the task. */
    CALLER_PROVIDED,
    /** {@code always_unique}: Every submission is a new task. */
    ALWAYS_UNIQUE;

    /** @return the spelling used in template YAML, e.g. {@code strict} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static IdentityStrategy fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "identity_strategy");
    }
}
