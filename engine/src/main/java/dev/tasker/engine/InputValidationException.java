package dev.tasker.engine;

import java.util.List;

/**
 * The task context does not match the template's {@code input_schema}. Every violation is listed with
 * its JSON path; nothing was stored.
 */
public class InputValidationException extends TaskRequestException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /** @param template the template key; @param violations what is wrong, each with its path */
    public InputValidationException(String template, List<Violation> violations) {
        super("the task input does not match the input_schema of " + template + ":\n  "
                + String.join(
                        "\n  ", violations.stream().map(Violation::toString).toList()));
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in the order the validator found them. */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * One violation.
     *
     * @param path where in the input, as a JSON path ({@code $.items[0].price}); {@code $} for the whole input
     * @param message what is wrong there
     */
    public record Violation(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
