package dev.tasker.engine.template;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a template, located as precisely as the loader could.
 *
 * <p>Codes are stable strings a tool can match on: {@code YAML_SYNTAX}, {@code DOCUMENT_TOO_LARGE},
 * {@code TOO_MANY_ALIASES}, {@code NESTING_TOO_DEEP}, {@code CUSTOM_TAG}, {@code NOT_A_MAPPING},
 * {@code MULTIPLE_DOCUMENTS}, {@code DUPLICATE_KEY}, {@code READ_FAILED}, {@code MISSING_FIELD},
 * {@code WRONG_TYPE}, {@code INVALID_VALUE}, {@code INVALID_ENUM}, {@code EMPTY_STEPS},
 * {@code EMPTY_CALLABLE}, {@code DUPLICATE_STEP_NAME}, {@code SELF_DEPENDENCY},
 * {@code UNKNOWN_DEPENDENCY}, {@code CYCLE_DETECTED}, {@code INVALID_STEP_TYPE_USE},
 * {@code INVALID_EVENT_NAME}, {@code INVALID_PUBLISHER}, {@code INVALID_JSON_SCHEMA},
 * {@code DUPLICATE_TEMPLATE}, {@code INTERNAL_ERROR} (a defect of ours, logged with its trace); warnings {@code UNKNOWN_KEY}, {@code NAMESPACE_FORMAT},
 * {@code MAX_ATTEMPTS_BELOW_ONE}, {@code UNKNOWN_OVERRIDE_STEP}.
 *
 * @param severity error or warning
 * @param code     a stable code, listed above
 * @param source   the file or name the template came from
 * @param step     the step concerned, or null
 * @param line     1-based YAML line, or null when unknown
 * @param column   1-based YAML column, or null when unknown
 * @param message  what is wrong, for people
 */
public record TemplateProblem(
        Severity severity,
        String code,
        String source,
        @Nullable String step,
        @Nullable Integer line,
        @Nullable Integer column,
        String message) {

    /** How serious a problem is. */
    public enum Severity {
        /** The template is rejected. */
        ERROR,
        /** The template loads; in strict mode it is rejected. */
        WARNING
    }

    /** Checks that the required parts are present. */
    public TemplateProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** @return true for an error */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** @return this problem as an error, as strict mode reports warnings */
    public TemplateProblem asError() {
        return new TemplateProblem(Severity.ERROR, code, source, step, line, column, message);
    }

    /**
     * @return compiler style, e.g. {@code ecommerce.yaml:12:7: step 'process_payment': unknown
     *         dependency 'validate_kart' (did you mean 'validate_cart'?)}; warnings say so
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line != null) {
            text.append(':').append(line);
            if (column != null) {
                text.append(':').append(column);
            }
        }
        text.append(": ");
        if (severity == Severity.WARNING) {
            text.append("warning: ");
        }
        if (step != null) {
            text.append("step '").append(step).append("': ");
        }
        return text.append(message).toString();
    }
}
