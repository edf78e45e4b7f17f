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
    public final Map<String, StepHandler> handlers = new LinkedHashMap<>();
    public final Map<Class<?>, Object> handlerBeans = new LinkedHashMap<>();
    public UnaryOperator<StepHandler> handlerDecorator = UnaryOperator.identity();
    public final Map<String, Integer> templateLimits = new LinkedHashMap<>();
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
            engine.start();
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

    /** The whole graph; {@code runs}: an engine that runs steps, else one that serves operators. */
    private Engine assemble(boolean runs) {
        ClassLoader loader =
                classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        List<TaskTemplate> loaded = loadTemplates(loader);
        TemplateRegistry registry = TemplateRegistry.of(loaded);
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
                observers,
                ChildTasks.of(registry, settings, identityStrategy, planner));
        RunningOwner runningOwner = runs
                ? RunningOwner.NONE
                : store.ownership().map(RunningOwner::of).orElse(RunningOwner.NONE);
        Function<CancelRequestPoller.Canceller, List<BackgroundLoop>> background = cancel -> {
            List<BackgroundLoop> all = new ArrayList<>();
            if (runs) {
                store.ownership().ifPresent(lock -> all.add(new CancelRequestPoller(lock, cancel, loops).loop()));
                all.add(StoreMaintenance.loop(store, loops));
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
                observers);
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
