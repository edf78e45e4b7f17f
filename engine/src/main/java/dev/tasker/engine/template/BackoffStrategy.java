package dev.tasker.engine.template;

/** How the delay between attempts grows; {@code retry.backoff} in YAML, default {@code exponential}. */
public enum BackoffStrategy {
    /** {@code none}: Retry at once. */
    NONE,
    /** {@code linear}: base × n after n failed attempts. */
    LINEAR,
    /** {@code exponential}: base × 2^(n−1) after n failed attempts. */
    EXPONENTIAL,
    /** {@code fibonacci}: base × fib(n) after n failed attempts. */
    FIBONACCI;

    /** @return the spelling used in template YAML, e.g. {@code none} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static BackoffStrategy fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "backoff");
    }
}
