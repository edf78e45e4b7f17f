package dev.tasker.cli.spi;

import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.StepSnapshot;
import dev.tasker.engine.TaskSnapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Prints each step of one task as it runs: a line when an attempt starts and one when it ends, with the
 * attempt and how long the handler took. It wraps every handler ({@code TaskerBuilder.decorateHandlers}) and
 * prints only the steps of tasks with its correlation id, so other tasks the engine resumes stay quiet.
 */
public final class StepProgress {
    private final PrintStream out;
    private final String correlationId;
    private final int width;

    /**
     * @param correlationId the correlation id of the task to show
     * @param width the width of the step-name column
     */
    public StepProgress(PrintStream out, String correlationId, int width) {
        this.out = Objects.requireNonNull(out, "out");
        this.correlationId = Objects.requireNonNull(correlationId, "correlationId");
        this.width = width;
    }

    /** The handler, printing around each call of it for the watched task. */
    public StepHandler wrap(StepHandler inner) {
        return ctx -> {
            if (!correlationId.equals(ctx.correlationId())) {
                return inner.call(ctx);
            }
            String step =
                    String.format("%-" + width + "s attempt %d/%d", ctx.stepName(), ctx.attempt(), ctx.maxAttempts());
            out.println("  > " + step);
            long start = System.nanoTime();
            try {
                StepHandlerResult result = inner.call(ctx);
                String took = millis(System.nanoTime() - start);
                if (result instanceof StepHandlerResult.Failure f) {
                    out.println("  ! " + step + "  failed after " + took + ": " + f.message());
                } else {
                    out.println("  + " + step + "  done in " + took);
                }
                return result;
            } catch (Exception | Error e) {
                out.println("  ! " + step + "  failed after " + millis(System.nanoTime() - start) + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                throw e;
            }
        };
    }

    /** The finished task: its state and each step's state, attempts and time, with a failed step's error. */
    public void summary(TaskSnapshot task) {
        Duration took = task.completedAt() == null ? null : Duration.between(task.createdAt(), task.completedAt());
        out.println("Task " + task.taskId() + " " + task.state().wireName()
                + (took == null ? "" : " in " + millis(took.toNanos())) + ":");
        for (StepSnapshot s : task.steps()) {
            out.printf(
                    "  %-" + width + "s %-18s attempts %d%n",
                    s.name(),
                    s.state().wireName(),
                    s.attempts());
            if (s.error() != null && !s.state().satisfiesDependents()) {
                out.println("      " + s.error().path("error_type").asText("error") + ": "
                        + s.error().path("message").asText());
            }
        }
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
