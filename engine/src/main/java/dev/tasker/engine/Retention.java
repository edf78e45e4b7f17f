package dev.tasker.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long the engine keeps finished tasks. A task that ended ({@code complete}, {@code error},
 * {@code cancelled} or {@code resolved_manually}) longer ago than the age set for its namespace is deleted
 * in the background, with every row of it: steps, edges, results, checkpoints, the audit (task and step
 * transitions), resolved DLQ entries, delivered outbox events and a leftover cancel request. Never deleted: an
 * unfinished task, a task with a {@code pending} DLQ entry (it waits for an operator), and a task with an
 * outbox event not yet delivered. Ages are measured on the engine's clock ({@link TaskerBuilder#clock}).
 *
 * <p>The default is {@link #FOREVER}: nothing is deleted. For example:
 *
 * <pre>{@code
 * Tasker.builder().retention(Retention.keep(Duration.ofDays(30)).namespace("payments", Duration.ofDays(90)))
 * }</pre>
 *
 * <p>The purge runs every {@link #interval()} (real time, default one minute) on a background thread, in
 * transactions of at most {@link #batchSize()} tasks (default 500), so that it never holds the engine's writes
 * back for long. Several engines sharing a PostgreSQL database may all purge: each task is deleted once. Once a
 * task is purged, a new submit with its identity creates a new task. Immutable.
 */
public final class Retention {
    /** The default interval between two purges. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** The default number of tasks deleted in one transaction. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Keeps every task forever: nothing is purged (the default). */
    public static final Retention FOREVER = new Retention(null, Map.of(), DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE);

    private final @Nullable Duration keep;
    private final Map<String, Optional<Duration>> namespaces;
    private final Duration interval;
    private final int batchSize;

    private Retention(
            @Nullable Duration keep, Map<String, Optional<Duration>> namespaces, Duration interval, int batchSize) {
        this.keep = keep;
        this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** Keeps finished tasks of every namespace for {@code age} after they ended. */
    public static Retention keep(Duration age) {
        return new Retention(positive(age, "age"), Map.of(), DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE);
    }

    /** Keeps finished tasks forever, except in the namespaces given an age with {@link #namespace}. */
    public static Retention forever() {
        return FOREVER;
    }

    /** The same policy with another age for the finished tasks of {@code namespace}. */
    public Retention namespace(String namespace, Duration age) {
        Map<String, Optional<Duration>> copy = new LinkedHashMap<>(namespaces);
        copy.put(name(namespace), Optional.of(positive(age, "age of namespace " + namespace)));
        return new Retention(keep, copy, interval, batchSize);
    }

    /** The same policy, keeping the finished tasks of {@code namespace} forever. */
    public Retention keepForever(String namespace) {
        Map<String, Optional<Duration>> copy = new LinkedHashMap<>(namespaces);
        copy.put(name(namespace), Optional.empty());
        return new Retention(keep, copy, interval, batchSize);
    }

    /** The same policy, purging every {@code every} (real time; default one minute). */
    public Retention every(Duration every) {
        return new Retention(keep, namespaces, positive(every, "interval"), batchSize);
    }

    /** The same policy, deleting at most {@code tasks} tasks per transaction (default 500). */
    public Retention batchSize(int tasks) {
        if (tasks < 1 || tasks > 100_000) {
            throw new IllegalArgumentException("retention batch size must be between 1 and 100000: " + tasks);
        }
        return new Retention(keep, namespaces, interval, tasks);
    }

    /** How long finished tasks of a namespace without an age of its own are kept; empty: forever. */
    public Optional<Duration> defaultAge() {
        return Optional.ofNullable(keep);
    }

    /** The namespaces with an age of their own (empty: kept forever), in the order given. */
    public Map<String, Optional<Duration>> namespaces() {
        return namespaces;
    }

    /** How long finished tasks of {@code namespace} are kept; empty: forever. */
    public Optional<Duration> ageFor(String namespace) {
        Optional<Duration> own = namespaces.get(namespace);
        return own != null ? own : defaultAge();
    }

    /** True when some finished tasks are purged (an age is set somewhere). */
    public boolean purges() {
        return keep != null || namespaces.values().stream().anyMatch(Optional::isPresent);
    }

    /** The time between two purges (real time). */
    public Duration interval() {
        return interval;
    }

    /** The most tasks deleted in one transaction. */
    public int batchSize() {
        return batchSize;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("retention " + what + " must be positive: " + d);
        }
        return d;
    }

    private static String name(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("retention namespace must not be blank");
        }
        return namespace;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Retention r
                && Objects.equals(keep, r.keep)
                && namespaces.equals(r.namespaces)
                && interval.equals(r.interval)
                && batchSize == r.batchSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keep, namespaces, interval, batchSize);
    }

    @Override
    public String toString() {
        if (!purges()) {
            return "Retention[forever]";
        }
        return "Retention[keep " + (keep == null ? "forever" : keep) + (namespaces.isEmpty() ? "" : ", " + namespaces)
                + ", every " + interval + ", batches of " + batchSize + "]";
    }
}
