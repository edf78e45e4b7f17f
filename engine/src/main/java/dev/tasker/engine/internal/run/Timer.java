package dev.tasker.engine.internal.run;

import java.time.Instant;

/**
 * A point in (engine clock) time at which the loop looks at a step again: a retry whose backoff
 * ends, or an attempt whose timeout expires; or at a task: a delayed task's start ({@code START}, carried
 * by its first step). Stale timers are recognised by the step's invocation.
 */
public record Timer(Instant due, long seq, Kind kind, StepRun step, long invocation) implements Comparable<Timer> {

    enum Kind {
        RETRY,
        TIMEOUT,
        /** A delayed task's start. */
        START,
        /** A per-key rate's next permitted start, or a look again at holds taken on other nodes. */
        LIMIT
    }

    @Override
    public int compareTo(Timer o) {
        int c = due.compareTo(o.due);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
