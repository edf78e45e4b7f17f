package dev.tasker.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;

/**
 * Tasks as text for failure messages: one line per step with its state, attempts and last error,
 * then that error's causes and the first lines of its stored stack trace.
 */
final class Snapshots {
    private static final int TRACE_LINES = 8;

    private Snapshots() {}

    static String describe(TaskSnapshot s) {
        StringBuilder b = new StringBuilder(s.namespace())
                .append('/')
                .append(s.name())
                .append(' ')
                .append(s.taskId())
                .append(": ")
                .append(s.state().wireName());
        for (StepSnapshot step : s.steps()) {
            b.append("\n  ")
                    .append(step.name())
                    .append(": ")
                    .append(step.state().wireName())
                    .append(", ")
                    .append(step.attempts())
                    .append('/')
                    .append(step.maxAttempts())
                    .append(" attempt(s)");
            JsonNode error = step.error();
            if (error != null) {
                b.append(", last error ")
                        .append(error.path("error_type").asText())
                        .append(": ")
                        .append(error.path("message").asText());
                error.path("causes")
                        .forEach(cause -> b.append("\n    caused by ").append(cause.asText()));
                String trace = error.path("stack_trace").asText("");
                trace.lines()
                        .skip(1)
                        .limit(TRACE_LINES)
                        .forEach(line -> b.append("\n    ").append(line.strip()));
            }
        }
        return b.toString();
    }
}
