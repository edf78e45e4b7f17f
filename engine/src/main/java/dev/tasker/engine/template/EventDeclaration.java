package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a step's {@code publishes_events} (reference §1.6).
 *
 * @param name         dotted lower-case name such as {@code order.validated}; see {@link #nameProblem}
 * @param description  free text; never null (empty when absent)
 * @param condition    when it fires (default {@link EventCondition#SUCCESS})
 * @param schema       JSON Schema of the payload, or null for none; returned as a copy
 * @param deliveryMode how it is delivered (default {@link DeliveryMode#DURABLE})
 * @param publisher    a custom publisher name such as {@code Orders::Publishers::Payment}, or null
 */
public record EventDeclaration(
        String name,
        String description,
        EventCondition condition,
        @Nullable JsonNode schema,
        DeliveryMode deliveryMode,
        @Nullable String publisher) {

    /** Default of {@code condition}. */
    public static final EventCondition DEFAULT_CONDITION = EventCondition.SUCCESS;
    /** Default of {@code delivery_mode}. */
    public static final DeliveryMode DEFAULT_DELIVERY_MODE = DeliveryMode.DURABLE;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_.]+");
    private static final Pattern PUBLISHER =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:(?:::|\\.)[A-Za-z_][A-Za-z0-9_]*)*");

    /** Validates the name and publisher; null condition and delivery mode mean the defaults. */
    public EventDeclaration {
        nameProblem(name).ifPresent(EventDeclaration::reject);
        publisherProblem(publisher).ifPresent(EventDeclaration::reject);
        description = description == null ? "" : description;
        condition = condition == null ? DEFAULT_CONDITION : condition;
        deliveryMode = deliveryMode == null ? DEFAULT_DELIVERY_MODE : deliveryMode;
        schema = Nodes.copy(schema);
        publisher = publisher == null || publisher.isEmpty() ? null : publisher;
    }

    private static void reject(String problem) {
        throw new IllegalArgumentException(problem);
    }

    /** @return a copy of the payload schema, or null */
    @Override
    public @Nullable JsonNode schema() {
        return Nodes.copy(schema);
    }

    /**
     * The reference's rule: only {@code [a-z0-9_.]}, at least one dot, no leading, trailing or
     * double dot.
     *
     * @return why {@code name} is not a valid event name, or empty when it is
     */
    static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("event name must not be empty");
        }
        String rule = !NAME.matcher(name).matches()
                ? "only lower-case letters, digits, '_' and '.' are allowed"
                : !name.contains(".")
                        ? "it must contain a dot, as in 'order.created'"
                        : name.startsWith(".") || name.endsWith(".") || name.contains("..")
                                ? "dots may not lead, trail or repeat"
                                : null;
        return Optional.ofNullable(rule).map(r -> "invalid event name '" + Shortened.value(name) + "': " + r);
    }

    /** @return why {@code publisher} is not a valid publisher name, or empty when it is (or absent) */
    static Optional<String> publisherProblem(@Nullable String publisher) {
        if (publisher == null
                || publisher.isEmpty()
                || PUBLISHER.matcher(publisher).matches()) {
            return Optional.empty();
        }
        return Optional.of("invalid publisher '" + Shortened.value(publisher)
                + "': expected identifiers separated by '::' or '.', as in 'Orders::Publishers::Payment'");
    }
}
