package dev.tasker.engine.template;

/** How a domain event is delivered; {@code publishes_events[].delivery_mode} in YAML, default {@code durable}. */
public enum DeliveryMode {
    /** {@code durable}: Written to an outbox in the step result's transaction and delivered at least once. */
    DURABLE,
    /** {@code fast}: Delivered in process after the step's state is committed; lost on a crash. */
    FAST,
    /** {@code broadcast}: Both durable and fast. */
    BROADCAST;

    /** @return the spelling used in template YAML, e.g. {@code durable} */
    public String yamlName() {
        return YamlNames.yamlName(this);
    }

    /**
     * @param text the YAML spelling
     * @return the matching constant
     * @throws IllegalArgumentException naming the valid values when {@code text} matches none
     */
    public static DeliveryMode fromYaml(String text) {
        return YamlNames.fromYaml(values(), text, "delivery_mode");
    }
}
