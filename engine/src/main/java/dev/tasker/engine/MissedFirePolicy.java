package dev.tasker.engine;

/**
 * What a recurring {@link Schedule} does with the fire times that passed while no engine ran (a restart, an
 * outage). Fires that come due while an engine runs always run, each once.
 */
public enum MissedFirePolicy {
    /** The missed fires are dropped: the schedule goes on with its next fire time after the start. */
    SKIP,
    /**
     * One task for the most recent missed fire time, however many were missed (the default: what db-scheduler's
     * and JobRunr's recurring jobs do), then the schedule goes on.
     */
    RUN_ONCE;

    /** The stored and YAML name, e.g. {@code run_once}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code skip} or {@code run_once} (any case).
     *
     * @throws IllegalArgumentException for another value, naming the accepted ones
     */
    public static MissedFirePolicy fromWireName(String name) {
        for (MissedFirePolicy p : values()) {
            if (p.wireName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("missed_fires must be skip or run_once, not '" + name + "'");
    }
}
