package dev.tasker.engine;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tasker.api.StepHandler;
import dev.tasker.engine.internal.EngineAssembly;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.TaskTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Configures and builds a {@link Tasker}, or a {@link TaskerClient} for operators ({@link #buildClient()}).
 * Every setter checks its argument at once; {@link #build()} checks the combination, loads and validates the
 * templates, resolves every step's handler, opens (and migrates) the database and resumes unfinished work.
 * The object graph itself is built by the internal assembly, the one internal class this one knows.
 *
 * <p>Over 400 lines as one piece: it is the single entry point of the configuration (STYLE §5), mostly the
 * javadoc of each option with its default; splitting it would split what a user reads in one place.
 */
public final class TaskerBuilder {
    /**
     * The default database before 0.2, an H2 file under the working directory.
     *
     * @deprecated the default no longer follows the working directory: see {@link #defaultJdbcUrl()}
     */
    @Deprecated(since = "0.2")
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./.tasker/tasker";
    /** System property with the JDBC URL of the database a builder given none uses (see {@link #defaultJdbcUrl()}). */
    public static final String JDBC_URL_PROPERTY = "tasker.jdbc.url";
    /** Environment variable with the JDBC URL of the database a builder given none uses. */
    public static final String JDBC_URL_ENV = "TASKER_JDBC_URL";
    /** System property with the folder of the H2 database a builder given none uses (see {@link #defaultJdbcUrl()}). */
    public static final String DB_PATH_PROPERTY = "tasker.db.path";
    /** Environment variable with the folder of the H2 database a builder given none uses. */
    public static final String DB_PATH_ENV = "TASKER_DB_PATH";
    /** The default cap on steps running at once across all tasks. */
    public static final int DEFAULT_MAX_CONCURRENT_STEPS = 10_000;
    /** The default timeout of a step without {@code timeout_seconds}. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);
    /** The default backoff jitter: ±15%. */
    public static final double DEFAULT_JITTER = 0.15;
    /** The default number of checkpoint history entries kept per step. */
    public static final int DEFAULT_CHECKPOINT_HISTORY = 100;
    /** The default time close() lets running handlers finish. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** The default connection pool size for a JDBC URL. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default lease of a node sharing its database (PostgreSQL): other nodes take its tasks this long after its last renewal. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** Default number of unfinished tasks a node sharing its database owns at once; more wait in the queue. */
    public static final int DEFAULT_MAX_OWNED_TASKS = 1_000;
    /** Default interval at which a node sharing its database looks at the queue without being signalled. */
    public static final Duration DEFAULT_QUEUE_POLL = Duration.ofSeconds(5);

    /** The settings, each checked here when given; the assembly builds the engine from them. */
    private final EngineAssembly parts = new EngineAssembly();

    private boolean operatorMode;

    TaskerBuilder() {
        parts.poolSize = DEFAULT_POOL_SIZE;
        parts.maxConcurrentSteps = DEFAULT_MAX_CONCURRENT_STEPS;
        parts.defaultStepTimeout = DEFAULT_STEP_TIMEOUT;
        parts.jitter = DEFAULT_JITTER;
        parts.lease = DEFAULT_LEASE;
        parts.maxOwnedTasks = DEFAULT_MAX_OWNED_TASKS;
        parts.queuePoll = DEFAULT_QUEUE_POLL;
        parts.checkpointHistory = DEFAULT_CHECKPOINT_HISTORY;
        parts.shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    }

    /** The database as a JDBC URL; the engine makes its own pool. Default: {@link #defaultJdbcUrl()}. */
    public TaskerBuilder jdbcUrl(String url) {
        parts.jdbcUrl = requireText(url, "url");
        return this;
    }

    /**
     * The database of a builder given neither {@link #jdbcUrl} nor {@link #dataSource}, resolved now: the JDBC URL
     * in the system property {@value #JDBC_URL_PROPERTY} or the environment variable {@value #JDBC_URL_ENV};
     * else an H2 file {@code tasker.mv.db} in the folder named by the system property {@value #DB_PATH_PROPERTY}
     * or the environment variable {@value #DB_PATH_ENV}; else the H2 file {@code ~/.tasker/db/tasker.mv.db}.
     * A system property wins over its environment variable. It never depends on the working directory; the
     * engine logs it at INFO when it opens it, and the command line uses the same default.
     */
    public static String defaultJdbcUrl() {
        return EngineAssembly.defaultJdbcUrl();
    }

    /** The database user and password for {@link #jdbcUrl}. */
    public TaskerBuilder credentials(@Nullable String user, @Nullable String pass) {
        parts.username = user;
        parts.password = pass;
        return this;
    }

    /** The connection pool size for {@link #jdbcUrl} (default {@value #DEFAULT_POOL_SIZE}). */
    public TaskerBuilder poolSize(int size) {
        parts.poolSize = positive(size, "poolSize");
        return this;
    }

    /** The application's own DataSource (the engine never closes it). */
    public TaskerBuilder dataSource(DataSource ds) {
        parts.dataSource = Objects.requireNonNull(ds, "dataSource");
        return this;
    }

    /** Forces the SQL dialect ({@code h2}, {@code postgresql}) instead of detecting it. */
    public TaskerBuilder dialect(String name) {
        parts.dialect = requireText(name, "dialect");
        return this;
    }

    /** Template files, or folders searched recursively for {@code *.yaml} / {@code *.yml}. */
    public TaskerBuilder templates(Path... filesOrFolders) {
        for (Path p : filesOrFolders) {
            parts.templatePaths.add(Objects.requireNonNull(p, "path"));
        }
        return this;
    }

    /** Classpath folders of templates, e.g. {@code "tasker/templates"} (in jars or directories). */
    public TaskerBuilder classpathTemplates(String... folders) {
        for (String f : folders) {
            parts.classpathFolders.add(requireText(f, "folder"));
        }
        return this;
    }

    /** A template given as YAML text; {@code sourceName} names it in error messages. */
    public TaskerBuilder templateYaml(String yaml, String sourceName) {
        parts.templateStrings.add(
                new String[] {Objects.requireNonNull(yaml, "yaml"), requireText(sourceName, "sourceName")});
        return this;
    }

    /** A template already loaded. */
    public TaskerBuilder template(TaskTemplate template) {
        parts.templates.add(Objects.requireNonNull(template, "template"));
        return this;
    }

    /**
     * A recurring schedule: at each fire time of the Unix cron expression (five fields, read in UTC), a task of
     * {@code request} is submitted, once per fire time across restarts and engines; missed fires
     * {@link MissedFirePolicy#RUN_ONCE}. See {@link Schedule} for the other settings.
     *
     * @throws IllegalArgumentException when the expression is bad (the schedule named) or the name is taken
     */
    public TaskerBuilder schedule(String name, String cron, TaskRequest request) {
        return schedule(Schedule.cron(name, cron, request));
    }

    /** A recurring schedule read in {@code zone}; see {@link #schedule(String, String, TaskRequest)}. */
    public TaskerBuilder schedule(String name, String cron, java.time.ZoneId zone, TaskRequest request) {
        return schedule(Schedule.cron(name, cron, request).zone(zone));
    }

    /**
     * A recurring schedule. Schedules are also read from a {@code schedules.yaml} file at the top of each
     * template folder ({@link #templates}, {@link #classpathTemplates}).
     *
     * @throws IllegalArgumentException when the expression is bad (the schedule named) or the name is taken
     */
    public TaskerBuilder schedule(Schedule schedule) {
        parts.schedule(Objects.requireNonNull(schedule, "schedule"), "declared on the builder");
        return this;
    }

    /** The handler for every step whose {@code handler.callable} is {@code callable}. */
    public TaskerBuilder handler(String callable, StepHandler handler) {
        requireText(callable, "callable");
        Objects.requireNonNull(handler, "handler");
        StepHandler before = parts.handlers.putIfAbsent(callable, handler);
        if (before != null) {
            throw new IllegalArgumentException("a handler is already registered for callable '" + callable + "'"
                    + (EngineAssembly.isHandlerMethod(before) ? ": " + before : ""));
        }
        return this;
    }

    /**
     * Objects whose {@link dev.tasker.api.Handler @Handler} methods become handlers, each under the callable
     * its annotation names; see {@link dev.tasker.api.Handler} for how parameters are bound and results read.
     * A template callable naming one of these objects' classes ({@code com.acme.CartHandlers#validate}) runs
     * on the registered object rather than a new one. Each method's signature is checked here.
     *
     * @throws IllegalArgumentException when an object has no public {@code @Handler} method, a method cannot be
     *         bound (a parameter without {@code @Input}, {@code @DependsOn} or {@code @Config} that is not the
     *         {@code StepContext}, a non-public method...), or a callable is already registered; nothing of
     *         this call is registered then
     */
    public TaskerBuilder handlers(Object... beans) {
        Map<String, StepHandler> found = new LinkedHashMap<>();
        for (Object bean : beans) {
            EngineAssembly.handlerMethods(bean).forEach((callable, h) -> {
                StepHandler before =
                        parts.handlers.containsKey(callable) ? parts.handlers.get(callable) : found.get(callable);
                if (before != null) {
                    throw new IllegalArgumentException("callable '" + callable + "' of " + h + " is already registered"
                            + (EngineAssembly.isHandlerMethod(before) ? ": " + before : ""));
                }
                found.put(callable, h);
            });
        }
        parts.handlers.putAll(found);
        for (Object bean : beans) {
            parts.handlerBeans.putIfAbsent(bean.getClass(), bean);
        }
        return this;
    }

    /**
     * Wraps every step's handler once it is resolved, however it was found (registered, by class name, a
     * {@code @Handler} method): for tracing, metrics, or injecting failures in tests. The decorator sees the
     * step at call time through {@code StepContext.stepName()}. Decorators given later wrap those given earlier.
     */
    public TaskerBuilder decorateHandlers(UnaryOperator<StepHandler> decorator) {
        Objects.requireNonNull(decorator, "decorator");
        UnaryOperator<StepHandler> inner = parts.handlerDecorator;
        parts.handlerDecorator = h -> decorator.apply(inner.apply(h));
        return this;
    }

    /** The environment whose {@code environments:} overrides apply (default: none applied). */
    public TaskerBuilder environment(String name) {
        parts.environment = requireText(name, "environment");
        return this;
    }

    /** The engine's clock (default: the system clock); a {@link ManualClock} makes time move only when told. */
    public TaskerBuilder clock(InstantSource source) {
        parts.clock = Objects.requireNonNull(source, "clock");
        return this;
    }

    /** The executor handlers run on (default: a new virtual thread per step; the caller owns a given one). */
    public TaskerBuilder executor(ExecutorService service) {
        parts.executor = Objects.requireNonNull(service, "executor");
        return this;
    }

    /** The most steps running at once across all tasks (default {@value #DEFAULT_MAX_CONCURRENT_STEPS}). */
    public TaskerBuilder maxConcurrentSteps(int max) {
        parts.maxConcurrentSteps = positive(max, "maxConcurrentSteps");
        return this;
    }

    /** The most steps of one template running at once (default: only the global cap). */
    public TaskerBuilder maxConcurrentSteps(String namespace, String name, int max) {
        parts.templateLimits.put(
                requireText(namespace, "namespace") + "/" + requireText(name, "name"), positive(max, "max"));
        return this;
    }

    /**
     * Adds a per-key concurrency limit (beside those templates declare under {@code extensions.limits}): at
     * most {@link ConcurrencyLimit#maxRunning()} running steps (or tasks in process) per value of the key. On
     * PostgreSQL all nodes sharing the database together respect it.
     */
    public TaskerBuilder concurrencyLimit(ConcurrencyLimit limit) {
        parts.concurrencyLimits.add(Objects.requireNonNull(limit, "limit"));
        return this;
    }

    /**
     * Adds a rate limit (beside those templates declare under {@code extensions.limits}): at most
     * {@link RateLimit#perSecond()} starts per second per callable, key value, or both.
     *
     * @throws IllegalArgumentException when its rate is not set ({@link RateLimit#perSecond(double)})
     */
    public TaskerBuilder rateLimit(RateLimit limit) {
        Objects.requireNonNull(limit, "limit");
        if (!(limit.perSecond() > 0)) {
            throw new IllegalArgumentException(limit + ": set the rate with perSecond(...)");
        }
        parts.rateLimits.add(limit);
        return this;
    }

    /** The timeout of steps without {@code timeout_seconds} (default 30 s). */
    public TaskerBuilder defaultStepTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("defaultStepTimeout must be positive: " + timeout);
        }
        parts.defaultStepTimeout = timeout;
        return this;
    }

    /** Backoff jitter as a fraction (default 0.15 = ±15%; 0 for none). */
    public TaskerBuilder backoffJitter(double fraction) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + fraction);
        }
        parts.jitter = fraction;
        return this;
    }

    /** Seeds the jitter so backoff delays repeat from run to run (for tests). */
    public TaskerBuilder jitterSeed(long seed) {
        parts.jitterSeed = seed;
        return this;
    }

    /**
     * This engine's id: in the audit, and in the node registry when several engines share a PostgreSQL
     * database (default: a random id per start). Give every engine its own id; an engine that starts with
     * the id of a running one fences that one out.
     */
    public TaskerBuilder nodeId(String id) {
        parts.nodeId = requireText(id, "nodeId");
        return this;
    }

    /**
     * Several engines on one database (PostgreSQL): how long after this node's last lease renewal the
     * others may declare it dead and take its tasks over (default 30 s; renewed every third of it). Shorter
     * means faster takeover after a crash, but a pause longer than the lease (GC, a stalled host) makes the
     * node lose its tasks, whose running steps then run again elsewhere.
     */
    public TaskerBuilder leaseDuration(Duration duration) {
        Objects.requireNonNull(duration, "leaseDuration");
        if (duration.toMillis() < 300) {
            throw new IllegalArgumentException("leaseDuration must be at least 300 ms, got " + duration);
        }
        parts.lease = duration;
        return this;
    }

    /**
     * Several engines on one database: how many unfinished tasks this node owns at once (default
     * {@value #DEFAULT_MAX_OWNED_TASKS}). New tasks beyond it, submitted here or anywhere, wait in the
     * database's queue for the first node with room; lower it to spread work sooner.
     */
    public TaskerBuilder maxOwnedTasks(int tasks) {
        parts.maxOwnedTasks = positive(tasks, "maxOwnedTasks");
        return this;
    }

    /**
     * Several engines on one database: how often a node looks at the queue when no signal came (default
     * 5 s). Signals (LISTEN/NOTIFY) normally bring work at once; this bounds the delay when one is lost.
     */
    public TaskerBuilder queuePollInterval(Duration interval) {
        Objects.requireNonNull(interval, "queuePollInterval");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("queuePollInterval must be at least 10 ms, got " + interval);
        }
        parts.queuePoll = interval;
        return this;
    }

    /** Fail on template warnings (unknown keys, ...), not only errors (default false). */
    public TaskerBuilder strictTemplates(boolean strict) {
        parts.strictTemplates = strict;
        return this;
    }

    /** How many checkpoint history entries each step keeps (default {@value #DEFAULT_CHECKPOINT_HISTORY}). */
    public TaskerBuilder checkpointHistoryLimit(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("checkpointHistoryLimit must not be negative: " + entries);
        }
        parts.checkpointHistory = entries;
        return this;
    }

    /**
     * The level of the one line logged when a task finishes or blocks on failures (logger
     * {@code dev.tasker.engine.internal.run.TaskLifecycle}): its state, template, id, duration, steps and
     * attempts, with the task's MDC keys. Default {@code INFO}; {@code null} logs nothing.
     */
    public TaskerBuilder taskFinishedLogLevel(org.slf4j.event.@Nullable Level level) {
        parts.taskFinishedLogLevel = level;
        return this;
    }

    /**
     * Whether {@link #build()} registers a JVM shutdown hook that closes the engine when the JVM exits without
     * {@link Tasker#close()} having been called (default {@code true}): running handlers get the
     * {@link #shutdownGrace} to finish and record their outcomes, then the database is closed cleanly, and the
     * next start resumes what was left. {@code close()} removes the hook. Turn it off where something else owns
     * the engine's life (a dependency-injection container that closes it in order, such as the Spring Boot
     * starter) or where the JVM's exit must not wait for handlers.
     */
    public TaskerBuilder shutdownHook(boolean enabled) {
        parts.shutdownHook = enabled;
        return this;
    }

    /**
     * Whether opening the database may create the schema and apply pending migrations (default {@code true}).
     * {@code false} writes nothing when opening: a database without the Tasker schema, or with an older one, is
     * refused with a {@link dev.tasker.engine.store.StoreException} ("no Tasker schema at ..."), for tools that
     * only read and for deployments whose schema changes are applied apart from the application.
     */
    public TaskerBuilder migrateSchema(boolean migrate) {
        parts.migrateSchema = migrate;
        return this;
    }

    /** How long close() lets running handlers finish before interrupting them (default 10 s). */
    public TaskerBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative: " + grace);
        }
        parts.shutdownGrace = grace;
        return this;
    }

    /**
     * How tasks of templates without {@code identity_strategy} are deduplicated (default {@code STRICT}:
     * the same template and context give the same task; {@code ALWAYS_UNIQUE} never deduplicates).
     */
    public TaskerBuilder identityStrategy(IdentityStrategy strategy) {
        parts.identityStrategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /**
     * Changes how the engine turns Java values into JSON and back: {@code @Handler} parameters, what handlers
     * return, {@code StepContext}'s typed reads and {@code completeStep} results. The customizer gets a
     * {@link JsonMapper.Builder} already holding the engine's settings and returns it (or a builder made from
     * it); later calls apply after earlier ones. The settings it starts from:
     *
     * <ul>
     *   <li>record and POJO properties are snake_case in JSON: {@code invoiceId} reads and writes
     *       {@code invoice_id}. A {@code @JsonProperty("...")} name wins; map keys and {@code JsonNode}s are
     *       kept as they are. To keep Java names: {@code b -> b.propertyNamingStrategy(null)};
     *   <li>java.time (ISO-8601 text: {@code "2026-03-01"}, {@code "2026-03-01T10:15:30Z"}) and
     *       {@code Optional} are known;
     *   <li>a null or empty-Optional property is left out of what is written, so a schema that does not
     *       require it accepts the value;
     *   <li>strict numbers: {@code 2.7} for an {@code int} (even {@code 2.0}) or a value out of the type's
     *       range fails the step naming the parameter and the value; nothing is rounded or truncated;
     *   <li>unknown properties are ignored; exact decimals; Jackson modules on the class path are found.
     * </ul>
     *
     * <p>Stored JSON is read and written by the engine's own settings whatever this changes, and
     * {@code TaskRequest.of(..., object)} and {@code StepSnapshot.result(Class)} use the defaults.
     *
     * @param customizer for example {@code b -> b.addModule(new MoneyModule())}
     */
    public TaskerBuilder json(UnaryOperator<JsonMapper.Builder> customizer) {
        parts.jsonCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return this;
    }

    /**
     * The size policy of stored values (default {@link Limits#DEFAULTS}: 16 MiB contexts, results and
     * checkpoints, 64 KiB error messages, nesting 200 deep, numbers of up to 1000 digits and exponent ±1000).
     * A submit over a limit is refused with an {@link InvalidInputException}; a handler's result over a limit
     * fails its step permanently ({@code result_too_large}).
     */
    public TaskerBuilder limits(Limits policy) {
        parts.limits = Objects.requireNonNull(policy, "limits");
        return this;
    }

    /**
     * How long finished tasks are kept (default {@link Retention#FOREVER}: nothing is ever deleted). With an age,
     * a background loop of the engine deletes, in small transactions, the tasks that ended longer ago with all
     * their rows; unfinished tasks and tasks with a pending DLQ entry are never touched. See {@link Retention}.
     */
    public TaskerBuilder retention(Retention policy) {
        parts.retention = Objects.requireNonNull(policy, "retention");
        return this;
    }

    /**
     * Lets {@code build()} start although unfinished tasks in the database use a template version that is not
     * loaded. Without it, {@code build()} fails listing those tasks and versions, so that a deployment that
     * dropped a version still in use is noticed before it strands them. With it, those tasks are left as
     * stored, untouched (a warning at start lists them); they resume when an engine that loads their version
     * starts.
     */
    public TaskerBuilder allowMissingTemplateVersions() {
        parts.allowMissingTemplateVersions = true;
        return this;
    }

    /**
     * Engine-wide staleness thresholds for templates whose {@code lifecycle} does not set them (defaults 30,
     * 30 and 60 minutes without progress, 24 hours in all). A stale task gets a DLQ entry and goes to error.
     */
    public TaskerBuilder staleness(
            Duration stepsInProcess, Duration waitingForRetry, Duration waitingForDependencies, Duration maxDuration) {
        parts.staleness(
                positive(stepsInProcess),
                positive(waitingForRetry),
                positive(waitingForDependencies),
                positive(maxDuration));
        return this;
    }

    /** How often the staleness sweep runs, on the engine clock (default 1 minute). */
    public TaskerBuilder stalenessCheckInterval(Duration every) {
        parts.stalenessCheckInterval(positive(every));
        return this;
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + d);
        }
        return d;
    }

    /**
     * Subscribes to {@code fast} (and {@code broadcast}) domain events whose name matches {@code pattern}
     * ({@code payment.*}, {@code *}, or a name): called once, after the step's outcome is committed.
     */
    public TaskerBuilder subscribe(String pattern, DomainEventSubscriber subscriber) {
        parts.subscribe(requireText(pattern, "pattern"), Objects.requireNonNull(subscriber));
        return this;
    }

    /**
     * Subscribes to {@code durable} (and {@code broadcast}) domain events matching {@code pattern}: delivered
     * from the outbox at least once, retried with backoff until the subscriber returns normally, across restarts.
     */
    public TaskerBuilder subscribeDurable(String pattern, DomainEventSubscriber subscriber) {
        parts.subscribeDurable(requireText(pattern, "pattern"), Objects.requireNonNull(subscriber));
        return this;
    }

    /**
     * The custom publisher an event declaration names with {@code publisher:}. Every name a template's event
     * names must be registered: {@link #build()} fails on an unknown one, naming the template, step and
     * event ({@code default} is the built-in publisher, which needs none).
     *
     * @throws IllegalArgumentException when a publisher is already registered under {@code name}
     */
    public TaskerBuilder eventPublisher(String name, EventPublisher publisher) {
        requireText(name, "name");
        Objects.requireNonNull(publisher, "publisher");
        if (parts.publishers.putIfAbsent(name, publisher) != null) {
            throw new IllegalArgumentException(
                    "an event publisher is already registered under the name '" + name + "'");
        }
        return this;
    }

    /** A listener told of every task and step transition after it is committed. */
    public TaskerBuilder listener(TaskerListener listener) {
        parts.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Adds instrumentations (metrics, tracing) that watch step attempts, finished tasks and commits, and may
     * poll the engine's gauges; see {@link dev.tasker.engine.observe.Instrumentation}. Several may be added;
     * each is called in the order added. None by default: the engine then does none of the bookkeeping. An
     * operator client ({@link #buildClient()}) runs no step and calls none.
     *
     * @throws NullPointerException when an instrumentation is null
     */
    public TaskerBuilder instrumentation(dev.tasker.engine.observe.Instrumentation... instrumentations) {
        for (dev.tasker.engine.observe.Instrumentation i : instrumentations) {
            parts.instrumentations.add(Objects.requireNonNull(i, "instrumentation"));
        }
        return this;
    }

    /**
     * An engine for operators and tools (the command line): it loads templates and applies operator
     * actions, cancels and DLQ resolutions to the database, but never runs a step, needs no handlers,
     * resumes nothing and sweeps nothing.
     *
     * @deprecated use {@link #buildClient()}, which gives a {@link TaskerClient} with exactly the operations
     *             such an engine serves (a Tasker built in this mode accepts submits it never runs)
     */
    @Deprecated(since = "0.3")
    public TaskerBuilder operatorMode() {
        this.operatorMode = true;
        return this;
    }

    /** The class loader for handler classes and classpath templates (default: the thread's context loader). */
    public TaskerBuilder classLoader(ClassLoader loader) {
        parts.classLoader = Objects.requireNonNull(loader, "classLoader");
        return this;
    }

    /**
     * Builds and starts the engine.
     *
     * @throws dev.tasker.engine.template.TemplateValidationException when a template is invalid
     * @throws HandlerResolutionException when a step's handler cannot be found
     * @throws dev.tasker.engine.store.StoreException when the database cannot be opened
     * @throws dev.tasker.engine.store.StoreOwnedException when another running engine, in this JVM or another
     *         one (H2 {@code AUTO_SERVER}), runs the same H2 database; clients ({@link #buildClient()}) are not
     *         refused
     */
    public Tasker build() {
        return operatorMode ? parts.operatorEngine() : parts.engine();
    }

    /**
     * Builds a client for operators and tools: the templates are loaded (to act on their tasks) but no handler
     * is resolved, so none need be registered; nothing runs, resumes or sweeps, and it takes no ownership of
     * the database. See {@link TaskerClient}.
     *
     * @throws dev.tasker.engine.template.TemplateValidationException when a template is invalid
     * @throws dev.tasker.engine.store.StoreException when the database cannot be opened
     */
    public TaskerClient buildClient() {
        return parts.client();
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }
}
