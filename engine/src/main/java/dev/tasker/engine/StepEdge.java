package dev.tasker.engine;

import java.util.Objects;

/**
 * One edge of a task's step graph: step {@code to} runs after step {@code from} (its parent). A task's
 * edges ({@link TaskSnapshot#edges()}) include those that decisions and batches added while it ran.
 *
 * @param from the parent step's name
 * @param to the child step's name
 */
public record StepEdge(String from, String to) {
    /** Checks the names. */
    public StepEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
