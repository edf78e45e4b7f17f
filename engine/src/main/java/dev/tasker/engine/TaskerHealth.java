package dev.tasker.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine is doing, as of {@link #checkedAt()} (the engine's clock): an overall {@link Status} and the
 * {@link Part}s it was made from. Built from what the engine already knows (no database round trip), so it
 * is cheap to ask often, e.g. from a readiness probe.
 *
 * <p>The rule: the overall status is the worst status of the parts ({@code DOWN} over {@code DEGRADED} over
 * {@code UP}). A part is
 *
 * <ul>
 *   <li>{@value #LOOP}: {@code DOWN} when the engine loop's thread ended or has not begun a cycle for
 *       {@link #LOOP_STALL_SECONDS} s (it cycles at least twice a second when idle);
 *   <li>{@value #COMMIT}: always {@code UP}, its detail says how long ago the last commit succeeded (an idle
 *       engine commits nothing, so its age alone says nothing wrong);
 *   <li>{@value #STORE}: {@code DOWN} while the database refuses the engine's writes (the loop retries);
 *   <li>{@value #LEASE}: {@code DOWN} when this node's lease ran out or it was fenced out (other nodes may
 *       take its tasks); always {@code UP} for one engine alone on its database;
 *   <li>{@value #HANDLERS}: {@code DEGRADED} while a handler interrupted at its step's timeout has not
 *       returned (its step and task wait for it);
 *   <li>{@value #BACKGROUND}: {@code DEGRADED} while a background loop's last round failed.
 * </ul>
 *
 * @param status the worst status of the parts
 * @param checkedAt when it was taken, by the engine's clock
 * @param parts each part, in the order above
 */
public record TaskerHealth(Status status, Instant checkedAt, List<Part> parts) {
    /** The part named for the engine loop. */
    public static final String LOOP = "loop";
    /** The part named for the last successful commit. */
    public static final String COMMIT = "commit";
    /** The part named for the database. */
    public static final String STORE = "store";
    /** The part named for the node's lease. */
    public static final String LEASE = "lease";
    /** The part named for handlers that ignore their interruption. */
    public static final String HANDLERS = "handlers";
    /** The part named for the background loops. */
    public static final String BACKGROUND = "background";
    /** How long the engine loop may go without beginning a cycle before it is called down. */
    public static final long LOOP_STALL_SECONDS = 30;

    /** Overall and per part: from best to worst. */
    public enum Status {
        /** Working. */
        UP,
        /** Working, but something needs a look (see the detail). */
        DEGRADED,
        /** Not doing its work. */
        DOWN;

        /** The worse of the two. */
        public Status worst(Status other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /**
     * One thing checked.
     *
     * @param name one of the constants of {@link TaskerHealth}, e.g. {@value TaskerHealth#STORE}
     * @param status how it is
     * @param detail a short sentence for a human, e.g. "last commit 3 s ago"
     */
    public record Part(String name, Status status, String detail) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Checks that the status is the worst of the parts. */
    public TaskerHealth {
        Objects.requireNonNull(checkedAt, "checkedAt");
        parts = List.copyOf(parts);
        if (status != worstOf(parts)) {
            throw new IllegalArgumentException("status " + status + " is not the worst of the parts " + parts);
        }
    }

    /** The health made of these parts: its status is their worst. */
    public static TaskerHealth of(Instant checkedAt, List<Part> parts) {
        return new TaskerHealth(worstOf(parts), checkedAt, parts);
    }

    /** The part of this name, if there is one. */
    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static Status worstOf(List<Part> parts) {
        Status worst = Status.UP;
        for (Part p : parts) {
            worst = worst.worst(p.status());
        }
        return worst;
    }
}
