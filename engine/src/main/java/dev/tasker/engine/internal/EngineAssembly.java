package dev.tasker.engine.internal;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tasker.api.StepHandler;
import dev.tasker.engine.DomainEventSubscriber;
import dev.tasker.engine.EventPublisher;
import dev.tasker.engine.HandlerResolutionException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.Tasker;
import dev.tasker.engine.TaskerClient;
import dev.tasker.engine.TaskerException;
import dev.tasker.engine.TaskerListener;
import dev.tasker.engine.internal.background.BackgroundLoop;
import dev.tasker.engine.internal.background.BackgroundLoops;
import dev.tasker.engine.internal.background.CancelRequestPoller;
import dev.tasker.engine.internal.background.RetentionJob;
import dev.tasker.engine.internal.background.ScheduleFiring;
import dev.tasker.engine.internal.background.ScheduleProgress;
import dev.tasker.engine.internal.background.StoreMaintenance;
import dev.tasker.engine.internal.cluster.ClusterNode;
import dev.tasker.engine.internal.events.DomainEvents;
import dev.tasker.engine.internal.events.OutboxRelay;
import dev.tasker.engine.internal.events.Subscription;
import dev.tasker.engine.internal.handler.HandlerMethod;
import dev.tasker.engine.internal.handler.HandlerRegistry;
import dev.tasker.engine.internal.run.ChildTasks;
import dev.tasker.engine.internal.run.Engine;
import dev.tasker.engine.internal.run.EngineGaugeView;
import dev.tasker.engine.internal.run.EngineLoop;
import dev.tasker.engine.internal.run.EngineSettings;
import dev.tasker.engine.internal.run.EventSink;
import dev.tasker.engine.internal.run.KeyLimits;
import dev.tasker.engine.internal.run.LiveTasks;
import dev.tasker.engine.internal.run.Membership;
import dev.tasker.engine.internal.run.Observers;
import dev.tasker.engine.internal.run.OperatorClient;
import dev.tasker.engine.internal.run.Recovery;
import dev.tasker.engine.internal.run.RunningOwner;
import dev.tasker.engine.internal.run.SingleNode;
import dev.tasker.engine.internal.run.Staleness;
import dev.tasker.engine.internal.run.StepLauncher;
import dev.tasker.engine.internal.run.TaskPlanner;
import dev.tasker.engine.internal.run.TemplateGate;
import dev.tasker.engine.internal.run.ValueLimits;
import dev.tasker.engine.internal.support.CronTimes;
import dev.tasker.engine.internal.support.JsonMapping;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WorkflowStoreProvider;
import dev.tasker.engine.template.EventDeclaration;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.StepDefinition;
import dev.tasker.engine.template.TaskTemplate;
import dev.tasker.engine.template.TemplateLoader;
import dev.tasker.engine.template.TemplateRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine's whole object graph, every collaborator given to its constructor: the only class of the
 * internals that the public {@code TaskerBuilder} knows. The builder checks each setting as it is given and
 * stores it here (the fields below, filled once, read once by {@link #engine()} or {@link #client()}).
 *
 * <p>The graph: store (from its provider) → templates and handlers → {@link StepLauncher} → {@link EngineLoop},
 * which makes the {@link Recovery}, the {@code Scheduler} and, handing itself over as {@link LiveTasks}, the
 * {@link Membership} ({@link SingleNode}, or a {@link ClusterNode} when the store has a node registry) → the
 * {@link Engine} with its background loops (outbox relay when there are durable subscribers, store maintenance,
 * the cancel-request poller when the store has an ownership lock). Absent parts are null objects
 * ({@link EventSink#NONE}, {@link RunningOwner#NONE}, a relay-less {@link DomainEvents}), never nulls.
 * An operator client gets the same graph without handlers, ownership, relay or background loops, and is only
 * opened ({@link Engine#openForOperators()}), not started.
 *
 * <p>Over 400 lines as one piece: it is the one place that knows every collaborator and the order they are made
 * in (settings, templates, schedules, limits, store, loop, background loops), and the settings it holds are read
 * with the wiring; split, each part would need the others'.
 */
public final class EngineAssembly {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tasker.engine.TaskerBuilder");
    /** The publisher name that means the engine's own (the step's result as the payload). */
    private static final String BUILT_IN_PUBLISHER = "default";

    public DataSource dataSource;
    public String jdbcUrl;
    public String username;
    public String password;
    public int poolSize;
    public String dialect;
    public final List<Path> templatePaths = new ArrayList<>();
    public final List<String> classpathFolders = new ArrayList<>();
    public final List<String[]> templateStrings = new ArrayList<>();
    public final List<TaskTemplate> templates = new ArrayList<>();
    /** The declared schedules by name, with where each was declared (for the duplicate-name error). */
    private final Map<String, ScheduleFiring.Declared> schedules = new LinkedHashMap<>();

    private final Map<String, String> scheduleOrigins = new LinkedHashMap<>();
    /** The engine's schedule firing, made by {@link #assemble} (null for an operator client). */
    private ScheduleFiring firing;

    public final Map<String, StepHandler> handlers = new LinkedHashMap<>();
    public final Map<Class<?>, Object> handlerBeans = new LinkedHashMap<>();
    public UnaryOperator<StepHandler> handlerDecorator = UnaryOperator.identity();
    public final Map<String, Integer> templateLimits = new LinkedHashMap<>();
    public final List<dev.tasker.engine.ConcurrencyLimit> concurrencyLimits = new ArrayList<>();
    public final List<dev.tasker.engine.RateLimit> rateLimits = new ArrayList<>();
    public String environment;
    public InstantSource clock = InstantSource.system();
    public ExecutorService executor;
    public int maxConcurrentSteps;
    public Duration defaultStepTimeout;
    public double jitter;
    public Long jitterSeed;
    public org.slf4j.event.Level taskFinishedLogLevel = org.slf4j.event.Level.INFO;
    public String nodeId;
    public Duration lease;
    public int maxOwnedTasks;
    public Duration queuePoll;
    public boolean strictTemplates;
    public boolean shutdownHook = true;
    public boolean migrateSchema = true;
    public int checkpointHistory;
    public Duration shutdownGrace;
    public ClassLoader classLoader;
    public IdentityStrategy identityStrategy = IdentityStrategy.STRICT;
    private Staleness staleness = Staleness.DEFAULTS;
    public Limits limits = Limits.DEFAULTS;
    public dev.tasker.engine.Retention retention = dev.tasker.engine.Retention.FOREVER;
    public boolean allowMissingTemplateVersions;
    private final List<Subscription> fastSubscribers = new ArrayList<>();
    private final List<Subscription> durableSubscribers = new ArrayList<>();
    public final List<TaskerListener> listeners = new ArrayList<>();
    public final List<dev.tasker.engine.observe.Instrumentation> instrumentations = new ArrayList<>();
    public final Map<String, EventPublisher> publishers = new LinkedHashMap<>();
    public final List<UnaryOperator<JsonMapper.Builder>> jsonCustomizers = new ArrayList<>();

    /** The {@code @Handler} methods of a bean, by callable; throws IllegalArgumentException when one cannot bind. */
    public static Map<String, StepHandler> handlerMethods(Object bean) {
        return new LinkedHashMap<>(HandlerMethod.of(bean));
    }

    /** True for a handler made from a {@code @Handler} method (its toString names the method). */
    public static boolean isHandlerMethod(StepHandler handler) {
        return handler instanceof HandlerMethod;
    }

    /**
     * Adds a schedule, its expression parsed now.
     *
     * @param origin where it was declared, for the errors ("declared on the builder", a file)
     * @throws IllegalArgumentException for a bad expression or a name already taken (both places named)
     */
    public void schedule(dev.tasker.engine.Schedule s, String origin) {
        CronTimes times =
                CronTimes.parse("schedule '" + s.name() + "' (" + origin + ")", s.cron(), s.syntax(), s.zone());
        String before = scheduleOrigins.putIfAbsent(s.name(), origin);
        if (before != null) {
            throw new IllegalArgumentException(
                    "schedule '" + s.name() + "' is declared twice: " + before + " and " + origin);
        }
        schedules.put(s.name(), new ScheduleFiring.Declared(s, times));
    }

    public void subscribe(String pattern, DomainEventSubscriber subscriber) {
        fastSubscribers.add(Subscription.of(pattern, subscriber));
    }

    public void subscribeDurable(String pattern, DomainEventSubscriber subscriber) {
        durableSubscribers.add(Subscription.of(pattern, subscriber));
    }

    public void staleness(
            Duration stepsInProcess, Duration waitingForRetry, Duration waitingForDependencies, Duration maxDuration) {
        staleness = new Staleness(
                stepsInProcess, waitingForRetry, waitingForDependencies, maxDuration, staleness.checkEvery());
    }

    public void stalenessCheckInterval(Duration every) {
        staleness = new Staleness(
                staleness.stepsInProcess(),
                staleness.waitingForRetry(),
                staleness.waitingForDependencies(),
                staleness.maxDuration(),
                every);
    }

    /** The engine, started: it has resumed (or claimed) its unfinished tasks. */
    public Tasker engine() {
        Engine engine = assemble(true);
        try {
            firing.declare();
            engine.start();
            firing.catchUp();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        if (shutdownHook) {
            engine.installShutdownHook();
        }
        return engine;
    }

    /** An engine for operators only, as {@code TaskerBuilder.operatorMode().build()} made it: a Tasker that runs nothing. */
    public Tasker operatorEngine() {
        Engine engine = assemble(false);
        open(engine);
        return engine;
    }

    /** The operator client. */
    public TaskerClient client() {
        Engine engine = assemble(false);
        open(engine);
        return new OperatorClient(engine);
    }

    private static void open(Engine engine) {
        try {
            engine.openForOperators();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * The per-key limits: the builder's and those the loaded templates declare. On a database several nodes
     * share, they are enforced through its shared table as well.
     */
    private KeyLimits keyLimits(List<TaskTemplate> loaded, WorkflowStore store, String node) {
        List<dev.tasker.engine.ConcurrencyLimit> concurrency = new ArrayList<>(concurrencyLimits);
        List<dev.tasker.engine.RateLimit> rates = new ArrayList<>(rateLimits);
        for (TaskTemplate t : loaded) {
            concurrency.addAll(t.concurrencyLimits());
            rates.addAll(t.rateLimits());
        }
        if (concurrency.isEmpty() && rates.isEmpty()) {
            return KeyLimits.NONE;
        }
        var shared = store.nodes().isPresent() ? store.limits().orElse(null) : null;
        if (store.nodes().isPresent() && shared == null) {
            LOG.warn(
                    "the store {} shares its database between nodes but keeps no shared limit table: per-key"
                            + " limits hold per node",
                    store.describe());
        }
        return KeyLimits.of(concurrency, rates, shared, node);
    }

    /** The whole graph; {@code runs}: an engine that runs steps, else one that serves operators. */
    private Engine assemble(boolean runs) {
        ClassLoader loader =
                classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        List<TaskTemplate> loaded = loadTemplates(loader);
        TemplateRegistry registry = TemplateRegistry.of(loaded);
        if (runs) {
            readScheduleFiles(loader);
            checkScheduledTemplates(registry);
        }
        ChildTasks.check(loaded, registry);
        JsonMapping json = JsonMapping.of(jsonCustomizers);
        HandlerRegistry resolved = runs
                ? HandlerRegistry.resolve(loaded, handlers, handlerBeans, handlerDecorator, loader, json)
                : HandlerRegistry.none();
        if (runs) {
            checkPublishers(loaded);
        }
        String node =
                nodeId != null ? nodeId : "node-" + UUID.randomUUID().toString().substring(0, 8);
        RandomGenerator random = jitterSeed != null ? new SplittableRandom(jitterSeed) : new SplittableRandom();
        EngineSettings settings = new EngineSettings(
                node,
                maxConcurrentSteps,
                Map.copyOf(templateLimits),
                defaultStepTimeout,
                jitter,
                random,
                checkpointHistory,
                shutdownGrace,
                Integer.getInteger("tasker.maxCommandsPerCommit", 4096),
                staleness,
                limits,
                taskFinishedLogLevel,
                json);
        WorkflowStore store = openStore(loader);
        if (runs) {
            try {
                store.ownership().ifPresent(lock -> lock.acquire(node));
                checkTemplateVersions(store, registry);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        ExecutorService owned = executor == null ? Executors.newVirtualThreadPerTaskExecutor() : null;
        Map<String, TemplateGate> gates = new ConcurrentHashMap<>();
        Function<TaskTemplate, TemplateGate> gateOf = t -> gates.computeIfAbsent(
                t.namespace() + "/" + t.name(),
                k -> new TemplateGate(k, settings.templateLimit(t.namespace(), t.name())));
        StepLauncher launcher = new StepLauncher(
                executor != null ? executor : owned, resolved, clock, new ValueLimits(limits), json, node);
        BackgroundLoops loops = new BackgroundLoops();
        OutboxRelay relay =
                durableSubscribers.isEmpty() || !runs ? null : new OutboxRelay(store, clock, durableSubscribers, loops);
        EventSink events = relay == null
                ? new DomainEvents(fastSubscribers, listeners, publishers)
                : new DomainEvents(fastSubscribers, listeners, publishers, relay);
        Recovery recovery =
                new Recovery(row -> registry.find(row.namespace(), row.name(), row.version()), gateOf, node, runs);
        Function<LiveTasks, Membership> membership = live -> store.nodes()
                .<Membership>map(nodes ->
                        new ClusterNode(nodes, store, node, lease, maxOwnedTasks, queuePoll, clock, live, loops))
                .orElseGet(() -> new SingleNode(store, live));
        // An operator client runs no step: its instrumentations would hear of nothing but its commits.
        Observers observers = runs && !instrumentations.isEmpty() ? new Observers(instrumentations) : Observers.NONE;
        ScheduleProgress scheduleProgress = new ScheduleProgress();
        java.util.concurrent.atomic.AtomicLong tasksPurged = new java.util.concurrent.atomic.AtomicLong();
        TaskPlanner planner = new TaskPlanner(clock, node, gateOf);
        EngineLoop loop = new EngineLoop(
                store,
                clock,
                settings,
                launcher,
                recovery,
                events,
                membership,
                loops::errors,
                tasksPurged::get,
                observers,
                scheduleProgress,
                keyLimits(loaded, store, node),
                ChildTasks.of(registry, settings, identityStrategy, planner));
        RetentionJob retentionJob = new RetentionJob(store, clock, retention, tasksPurged, loop::purged);
        RunningOwner runningOwner = runs
                ? RunningOwner.NONE
                : store.ownership().map(RunningOwner::of).orElse(RunningOwner.NONE);
        Function<Tasker, List<BackgroundLoop>> background = tasker -> {
            List<BackgroundLoop> all = new ArrayList<>();
            if (runs) {
                store.ownership()
                        .ifPresent(lock -> all.add(new CancelRequestPoller(lock, tasker::cancel, loops).loop()));
                firing = new ScheduleFiring(
                        store,
                        clock,
                        List.copyOf(schedules.values()),
                        request -> !tasker.submit(request).isDuplicate(),
                        loops,
                        scheduleProgress);
                if (!schedules.isEmpty()) {
                    all.add(firing.loop());
                }
                all.add(StoreMaintenance.loop(store, loops));
                retentionJob.loop(loops).ifPresent(all::add);
                if (relay != null) {
                    all.add(relay.loop());
                }
            }
            return all;
        };
        Engine engine = new Engine(
                registry,
                store,
                loop,
                planner,
                settings,
                owned,
                identityStrategy,
                clock,
                events,
                runningOwner,
                background,
                observers,
                retentionJob);
        observers.bind(EngineGaugeView.of(loop, store, observers));
        LOG.info(
                "Tasker {} {}: {} template(s), environment {}, store {}, max {} concurrent steps, "
                        + "default step timeout {}, jitter {}, {}",
                runs ? "engine" : "operator client",
                node,
                loaded.size(),
                environment == null ? "(none)" : environment,
                store.describe(),
                maxConcurrentSteps,
                defaultStepTimeout,
                jitter,
                limits);
        return engine;
    }

    /** How many task ids per missing version the message names. */
    private static final int MISSING_EXAMPLES = 10;

    /**
     * Every template version an unfinished task of the database uses is loaded: a task runs on the version it was
     * submitted with to its end (later steps, decisions, batches, retries), so an engine without that version
     * cannot run it. Refused unless the application allowed it ({@code allowMissingTemplateVersions()}), in which
     * case the tasks are only listed in a warning and left as stored.
     */
    private void checkTemplateVersions(WorkflowStore store, TemplateRegistry registry) {
        List<String> missing = new ArrayList<>();
        long tasks = 0;
        for (dev.tasker.engine.store.spi.TemplateUse use : store.unfinishedTemplateUses(MISSING_EXAMPLES)) {
            if (registry.find(use.namespace(), use.name(), use.version()).isEmpty()) {
                tasks += use.tasks();
                missing.add(use.namespace() + "/" + use.name() + "/" + use.version() + ": " + use.tasks()
                        + " unfinished task(s), e.g. " + use.firstTaskIds()
                        + (use.tasks() > use.firstTaskIds().size() ? " ..." : ""));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> loaded =
                registry.all().stream().map(TaskTemplate::key).sorted().toList();
        String list = String.join("\n  ", missing);
        if (allowMissingTemplateVersions) {
            LOG.warn(
                    "{} unfinished task(s) use template versions that are not loaded; they stay as stored, untouched,"
                            + " until an engine that loads their version starts (allowMissingTemplateVersions):\n  {}",
                    tasks,
                    list);
            return;
        }
        throw new TaskerException(tasks + " unfinished task(s) in the database use template versions that are not"
                + " loaded (each task runs to its end on the version it was submitted with): load those versions"
                + " beside the new ones until their tasks finish, or call allowMissingTemplateVersions() on the"
                + " builder to start anyway and leave those tasks untouched. Missing:\n  " + list + "\nLoaded: "
                + loaded);
    }

    /**
     * Every {@code publisher:} a template's event names is registered ({@code default}, the built-in one, needs
     * no registration). Only an engine that runs steps checks: it is the one that publishes; loading and
     * validating templates, and operator clients, accept any well-formed name.
     */
    private void checkPublishers(List<TaskTemplate> loaded) {
        List<String> problems = new ArrayList<>();
        for (TaskTemplate t : loaded) {
            for (StepDefinition step : t.steps()) {
                for (EventDeclaration event : step.publishesEvents()) {
                    String name = event.publisher();
                    if (name != null && !BUILT_IN_PUBLISHER.equals(name) && !publishers.containsKey(name)) {
                        problems.add("template " + t.key() + " (" + t.source() + "), step '" + step.name()
                                + "', event '" + event.name() + "': publisher '" + name + "' is not registered");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HandlerResolutionException(problems.size() + " event publisher(s) unknown (register each with "
                    + "Tasker.builder().eventPublisher(name, publisher)"
                    + (publishers.isEmpty() ? "; none is registered" : "; registered: " + publishers.keySet())
                    + "):\n  " + String.join("\n  ", problems));
        }
    }

    /** The {@code schedules.yaml} files beside the templates (folders given, classpath folders). */
    private void readScheduleFiles(ClassLoader loader) {
        for (var s : ScheduleFiles.fromFolders(templatePaths)) {
            schedule(s, "in a schedules file beside the templates " + templatePaths);
        }
        for (String folder : classpathFolders) {
            for (var s : ScheduleFiles.fromClasspath(folder, loader)) {
                schedule(s, "in classpath:" + folder + "/schedules.yaml");
            }
        }
    }

    /** Every schedule names a loaded template: a typo fails the build, not every fire. */
    private void checkScheduledTemplates(TemplateRegistry registry) {
        for (ScheduleFiring.Declared d : schedules.values()) {
            var r = d.schedule().request();
            if (registry.find(r.namespace(), r.name(), r.version()).isEmpty()) {
                throw new dev.tasker.engine.UnknownTemplateException(
                        "schedule '" + d.schedule().name() + "' ("
                                + scheduleOrigins.get(d.schedule().name()) + ") names template " + r.namespace() + "/"
                                + r.name() + (r.version() == null ? "" : "/" + r.version()) + ", which is not loaded");
            }
        }
    }

    private List<TaskTemplate> loadTemplates(ClassLoader loader) {
        TemplateLoader tl = TemplateLoader.builder().strict(strictTemplates).build();
        List<TaskTemplate> all = new ArrayList<>(templates);
        if (!templatePaths.isEmpty()) {
            all.addAll(tl.loadPaths(templatePaths.toArray(Path[]::new)));
        }
        for (String folder : classpathFolders) {
            all.addAll(tl.loadClasspath(folder, loader));
        }
        for (String[] yaml : templateStrings) {
            all.add(tl.loadString(yaml[0], yaml[1]));
        }
        if (environment == null) {
            return all;
        }
        return all.stream().map(t -> t.resolveFor(environment)).toList();
    }

    private WorkflowStore openStore(ClassLoader loader) {
        Iterator<WorkflowStoreProvider> providers =
                ServiceLoader.load(WorkflowStoreProvider.class, loader).iterator();
        if (!providers.hasNext()) {
            providers = ServiceLoader.load(WorkflowStoreProvider.class, EngineAssembly.class.getClassLoader())
                    .iterator();
        }
        if (!providers.hasNext()) {
            throw new TaskerException("no WorkflowStoreProvider on the classpath: add the dependency "
                    + "dev.tasker:tasker-store-h2 (or dev.tasker:tasker-store-postgres)");
        }
        String url = jdbcUrl;
        if (dataSource == null && jdbcUrl == null) {
            DefaultDatabase chosen = DefaultDatabase.resolve();
            LOG.info("Tasker database: {} (no jdbcUrl or dataSource given; from {})", chosen.url(), chosen.origin());
            url = chosen.url();
        }
        return providers
                .next()
                .open(new StoreConfig(dataSource, url, username, password, poolSize, dialect, migrateSchema));
    }

    /** The database a builder given neither a JDBC URL nor a DataSource uses (see {@link DefaultDatabase}). */
    public static String defaultJdbcUrl() {
        return DefaultDatabase.resolve().url();
    }
}
