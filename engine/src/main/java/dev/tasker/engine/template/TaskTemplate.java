package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A task template (reference §1): an immutable value read from YAML by {@link TemplateLoader}.
 *
 * <p>Not a record only because it keeps its {@link TemplateGraph}, built once in the constructor,
 * in a field that is not a component. Accessors are named like record accessors; equality covers
 * the components. JSON parts are copied in and out.
 */
public final class TaskTemplate {
    private final String namespace;
    private final String name;
    private final String version;
    private final @Nullable String description;
    private final @Nullable JsonNode metadata;
    private final @Nullable JsonNode systemDependencies;
    private final @Nullable JsonNode domainEvents;
    private final @Nullable JsonNode inputSchema;
    private final List<StepDefinition> steps;
    private final Map<String, EnvironmentOverrides> environments;
    private final @Nullable LifecycleConfig lifecycle;
    private final @Nullable IdentityStrategy identityStrategy;
    private final @Nullable JsonNode taskHandler;
    private final String source;
    private final TemplateExtensions extensions;
    private final LimitsExtension.Declared limits;
    private final TemplateGraph graph;

    /**
     * @param namespace          {@code namespace_name}; required
     * @param name               template name; required
     * @param version            exact version string; required
     * @param description        free text, or null
     * @param metadata           documentation only, or null
     * @param systemDependencies documentation only, or null
     * @param domainEvents       the task-level event catalogue (documentation only), or null
     * @param inputSchema        JSON Schema the task context is checked against, or null
     * @param steps              at least one step, unique names, dependencies forming a DAG
     * @param environments       overrides per environment name, or null for none
     * @param lifecycle          staleness thresholds, or null for the engine defaults
     * @param identityStrategy   top-level {@code identity_strategy}, or null for the engine default
     * @param taskHandler        the top-level {@code task_handler} block, tolerated and kept, or null
     * @param source             where the template came from, for messages; null means "inline"
     * @throws IllegalArgumentException when a rule of SPEC §2 is broken; the loader reports the
     *                                  same rules with file and line instead
     */
    public TaskTemplate(
            String namespace,
            String name,
            String version,
            @Nullable String description,
            @Nullable JsonNode metadata,
            @Nullable JsonNode systemDependencies,
            @Nullable JsonNode domainEvents,
            @Nullable JsonNode inputSchema,
            List<StepDefinition> steps,
            @Nullable Map<String, EnvironmentOverrides> environments,
            @Nullable LifecycleConfig lifecycle,
            @Nullable IdentityStrategy identityStrategy,
            @Nullable JsonNode taskHandler,
            @Nullable String source) {
        this(
                namespace,
                name,
                version,
                description,
                metadata,
                systemDependencies,
                domainEvents,
                inputSchema,
                steps,
                environments,
                lifecycle,
                identityStrategy,
                taskHandler,
                source,
                TemplateExtensions.NONE);
    }

    /**
     * A template with extensions (the top-level {@code extensions:} block); see the other constructor for the
     * rest.
     *
     * @param extensions what the template uses beyond Tasker; {@link TemplateExtensions#NONE} for plain Tasker
     * @throws IllegalArgumentException also when an extension names a step the template does not have
     */
    public TaskTemplate(
            String namespace,
            String name,
            String version,
            @Nullable String description,
            @Nullable JsonNode metadata,
            @Nullable JsonNode systemDependencies,
            @Nullable JsonNode domainEvents,
            @Nullable JsonNode inputSchema,
            List<StepDefinition> steps,
            @Nullable Map<String, EnvironmentOverrides> environments,
            @Nullable LifecycleConfig lifecycle,
            @Nullable IdentityStrategy identityStrategy,
            @Nullable JsonNode taskHandler,
            @Nullable String source,
            TemplateExtensions extensions) {
        this.namespace = Nodes.requireText(namespace, "namespace_name");
        this.name = Nodes.requireText(name, "name");
        this.version = Nodes.requireText(version, "version");
        this.description = description;
        this.metadata = Nodes.copy(metadata);
        this.systemDependencies = Nodes.copy(systemDependencies);
        this.domainEvents = Nodes.copy(domainEvents);
        this.inputSchema = Nodes.copy(inputSchema);
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (this.steps.isEmpty()) {
            throw new IllegalArgumentException("template " + key() + " has no steps");
        }
        this.environments =
                environments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        this.lifecycle = lifecycle;
        this.identityStrategy = identityStrategy;
        this.taskHandler = Nodes.copy(taskHandler);
        this.source = source == null ? "inline" : source;
        this.graph = new TemplateGraph(this.steps);
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        for (String step : extensions.signals().keySet()) {
            requireStep(step);
        }
        for (String step : extensions.subWorkflows().keySet()) {
            requireStep(step);
        }
        java.util.Set<String> stepNames = new java.util.LinkedHashSet<>();
        this.steps.forEach(step -> stepNames.add(step.name()));
        this.limits = LimitsExtension.read(
                extensions.limitsBlock(), "/extensions", this.namespace, this.name, stepNames, (pointer, message) -> {
                    throw new IllegalArgumentException(
                            "template " + key() + " at " + SourceMap.display(pointer) + ": " + message);
                });
        for (StepDefinition step : this.steps) {
            StepRules.typeProblem(step, graph).ifPresent(problem -> {
                throw new IllegalArgumentException("step '" + step.name() + "': " + problem);
            });
        }
    }

    /** @return {@code namespace/name/version}, the registry key */
    public String key() {
        return namespace + "/" + name + "/" + version;
    }

    /**
     * @param stepName a step name
     * @return the step, or empty
     */
    public Optional<StepDefinition> step(String stepName) {
        return Optional.ofNullable(graph.findStep(stepName));
    }

    /**
     * @param stepName a step name
     * @return the step
     * @throws IllegalArgumentException when the template has no such step
     */
    public StepDefinition requireStep(String stepName) {
        return step(stepName)
                .orElseThrow(
                        () -> new IllegalArgumentException("template " + key() + " has no step '" + stepName + "'"));
    }

    /**
     * Applies one environment's overrides (SPEC §2): {@code name: ALL} entries first, then named
     * steps; {@code handler.initialization} merged key by key, {@code timeout_seconds} replaced,
     * {@code retry} merged field by field. Overrides naming unknown steps are ignored (the loader
     * warns about them).
     *
     * @param environment an environment name, such as {@code test}
     * @return the resolved template, or this one when the environment has no overrides
     */
    public TaskTemplate resolveFor(String environment) {
        EnvironmentOverrides overrides = environments.get(Objects.requireNonNull(environment, "environment"));
        if (overrides == null || overrides.steps().isEmpty()) {
            return this;
        }
        return new TaskTemplate(
                namespace,
                name,
                version,
                description,
                metadata,
                systemDependencies,
                domainEvents,
                inputSchema,
                EnvironmentMerge.apply(steps, overrides),
                environments,
                lifecycle,
                identityStrategy,
                taskHandler,
                source,
                extensions);
    }

    /**
     * @return what the template uses beyond Tasker (its {@code extensions:} block); {@link TemplateExtensions#NONE}
     *     for a plain Tasker template
     */
    public TemplateExtensions extensions() {
        return extensions;
    }

    /** @return the concurrency limits the template declares ({@code extensions.limits.concurrency}), bound to it */
    public List<dev.tasker.engine.ConcurrencyLimit> concurrencyLimits() {
        return limits.concurrency();
    }

    /** @return the rate limits the template declares ({@code extensions.limits.rate}), bound to it */
    public List<dev.tasker.engine.RateLimit> rateLimits() {
        return limits.rate();
    }

    /** @return the dependency graph, built once */
    public TemplateGraph graph() {
        return graph;
    }

    /** @return {@code namespace_name} */
    public String namespace() {
        return namespace;
    }

    /** @return the template name */
    public String name() {
        return name;
    }

    /** @return the version string */
    public String version() {
        return version;
    }

    /** @return the description, or null */
    public @Nullable String description() {
        return description;
    }

    /** @return a copy of {@code metadata}, or null */
    public @Nullable JsonNode metadata() {
        return Nodes.copy(metadata);
    }

    /** @return a copy of {@code system_dependencies}, or null */
    public @Nullable JsonNode systemDependencies() {
        return Nodes.copy(systemDependencies);
    }

    /** @return a copy of {@code domain_events}, or null */
    public @Nullable JsonNode domainEvents() {
        return Nodes.copy(domainEvents);
    }

    /** @return a copy of {@code input_schema}, or null */
    public @Nullable JsonNode inputSchema() {
        return Nodes.copy(inputSchema);
    }

    /** @return the steps, in template order */
    public List<StepDefinition> steps() {
        return steps;
    }

    /** @return overrides by environment name */
    public Map<String, EnvironmentOverrides> environments() {
        return environments;
    }

    /** @return the staleness thresholds, or null */
    public @Nullable LifecycleConfig lifecycle() {
        return lifecycle;
    }

    /** @return the identity strategy, or null for the engine default */
    public @Nullable IdentityStrategy identityStrategy() {
        return identityStrategy;
    }

    /** @return a copy of the tolerated top-level {@code task_handler} block, or null */
    public @Nullable JsonNode taskHandler() {
        return Nodes.copy(taskHandler);
    }

    /** @return the file or name the template came from */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskTemplate that
                && namespace.equals(that.namespace)
                && name.equals(that.name)
                && version.equals(that.version)
                && Objects.equals(description, that.description)
                && Objects.equals(metadata, that.metadata)
                && Objects.equals(systemDependencies, that.systemDependencies)
                && Objects.equals(domainEvents, that.domainEvents)
                && Objects.equals(inputSchema, that.inputSchema)
                && steps.equals(that.steps)
                && environments.equals(that.environments)
                && Objects.equals(lifecycle, that.lifecycle)
                && identityStrategy == that.identityStrategy
                && Objects.equals(taskHandler, that.taskHandler)
                && source.equals(that.source)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, version, steps, source);
    }

    @Override
    public String toString() {
        return "TaskTemplate[" + key() + " from " + source + ", " + steps.size() + " steps]";
    }
}
