package dev.tasker.engine;

/** The syntax of a schedule's cron expression. */
public enum CronSyntax {
    /** Five fields: minute hour day-of-month month day-of-week, e.g. {@code 0 2 * * *} (the default). */
    UNIX,
    /** Quartz: six or seven fields starting with seconds, {@code ?} for one of the day fields. */
    QUARTZ,
    /** Spring's {@code @Scheduled}: six fields starting with seconds. */
    SPRING;

    /** The stored and YAML name, e.g. {@code unix}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code unix}, {@code quartz} or {@code spring} (any case).
     *
     * @throws IllegalArgumentException for another value, naming the accepted ones
     */
    public static CronSyntax fromWireName(String name) {
        for (CronSyntax s : values()) {
            if (s.wireName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("cron syntax must be unix, quartz or spring, not '" + name + "'");
    }
}
