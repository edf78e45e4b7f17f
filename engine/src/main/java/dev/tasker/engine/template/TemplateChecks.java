package dev.tasker.engine.template;

import dev.tasker.engine.template.StepBinder.BoundStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.NullUnmarked;

/**
 * The rules of SPEC §2 that span several steps or fields: names, dependencies, cycles, step-type
 * rules, namespace form, attempts and environment overrides. Runs on what the binders could read,
 * so one pass reports every problem of a file.
 */
// Not checked by NullAway yet: its nulls (map lookups, absent YAML fields handed to records that default them) are
// still to sort out.
@NullUnmarked
final class TemplateChecks {
    static final int MAX_NAMESPACE_LENGTH = 29;
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_]+");

    private final ProblemSink sink;
    private final List<BoundStep> steps;
    private final Map<String, BoundStep> byName = new LinkedHashMap<>();

    TemplateChecks(ProblemSink sink, List<BoundStep> steps) {
        this.sink = sink;
        this.steps = steps;
    }

    void run(String namespace, List<EnvironmentBinder.BoundOverride> overrides) {
        checkNames();
        DependencyGraph graph = checkDependencies();
        if (graph.cycles.isEmpty()) {
            checkStepTypes(graph);
        }
        checkNamespace(namespace);
        checkAttempts();
        checkOverrides(overrides);
    }

    private void checkNames() {
        for (BoundStep step : steps) {
            if (step.name() == null) {
                continue;
            }
            BoundStep first = byName.putIfAbsent(step.name(), step);
            if (first != null) {
                SourceMap.Location at = sink.map().find(first.fields().pointer("name"));
                sink.error(
                        "DUPLICATE_STEP_NAME",
                        step.fields().pointer("name"),
                        step.name(),
                        "duplicate step name '" + Shortened.value(step.name()) + "'"
                                + (at == null ? "" : " (first defined at line " + at.line() + ")"));
            }
        }
    }

    private DependencyGraph checkDependencies() {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        byName.forEach((name, step) -> {
            dependencies.put(name, step.dependencies());
            int self = step.dependencies().indexOf(name);
            if (self >= 0) {
                sink.error(
                        "SELF_DEPENDENCY",
                        dependencyPointer(step, self),
                        name,
                        "step '" + Shortened.value(name) + "' depends on itself");
            }
        });
        DependencyGraph graph = new DependencyGraph(dependencies);
        for (DependencyGraph.MissingDependency missing : graph.missing) {
            String hint = sink.suggest(missing.dependency(), byName.keySet())
                    .map(s -> " (did you mean '" + s + "'?)")
                    .orElse("");
            sink.error(
                    "UNKNOWN_DEPENDENCY",
                    dependencyPointer(byName.get(missing.step()), missing.dependencyIndex()),
                    missing.step(),
                    "unknown dependency '" + Shortened.value(missing.dependency()) + "'" + hint);
        }
        for (DependencyGraph.Cycle cycle : graph.cycles) {
            BoundStep closing = byName.get(cycle.step());
            sink.error(
                    "CYCLE_DETECTED",
                    closing.fields().pointer(closing.dependencyKey()),
                    cycle.step(),
                    "dependency cycle: " + cycle.describe());
        }
        return graph;
    }

    private String dependencyPointer(BoundStep step, int index) {
        return SourceMap.child(step.fields().pointer(step.dependencyKey()), index);
    }

    private void checkStepTypes(DependencyGraph graph) {
        for (BoundStep step : byName.values()) {
            if (step.definition() == null) {
                continue;
            }
            StepRules.typeProblem(step.definition(), graph.dag::getAncestors, this::typeOf)
                    .ifPresent(problem -> sink.error("INVALID_STEP_TYPE_USE", typePointer(step), step.name(), problem));
        }
    }

    private StepType typeOf(String name) {
        StepDefinition definition = byName.get(name).definition();
        return definition == null ? StepType.STANDARD : definition.type();
    }

    private String typePointer(BoundStep step) {
        Fields fields = step.fields();
        return fields.pointer(fields.has("step_type") && !fields.has("type") ? "step_type" : "type");
    }

    private void checkNamespace(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return;
        }
        if (namespace.length() > MAX_NAMESPACE_LENGTH
                || !NAMESPACE.matcher(namespace).matches()) {
            sink.warning(
                    "NAMESPACE_FORMAT",
                    "/namespace_name",
                    null,
                    "namespace_name '" + Shortened.value(namespace) + "' should be at most " + MAX_NAMESPACE_LENGTH
                            + " characters of [A-Za-z0-9_] (Tasker's own limit)");
        }
    }

    /** Only retryable steps: with retryable false, max_attempts 0 (as in Tasker's fixtures) changes nothing. */
    private void checkAttempts() {
        for (BoundStep step : steps) {
            StepDefinition definition = step.definition();
            if (definition != null
                    && definition.retry().retryable()
                    && definition.retry().maxAttempts() < 1) {
                sink.warning(
                        "MAX_ATTEMPTS_BELOW_ONE",
                        step.fields().pointer("retry") + "/max_attempts",
                        step.name(),
                        "retry.max_attempts is " + definition.retry().maxAttempts() + "; treated as 1");
            }
        }
    }

    private void checkOverrides(List<EnvironmentBinder.BoundOverride> overrides) {
        Set<String> names = byName.keySet();
        for (EnvironmentBinder.BoundOverride bound : overrides) {
            StepOverride override = bound.override();
            if (!override.appliesToAll() && !names.contains(override.name())) {
                String hint = sink.suggest(override.name(), names)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("");
                sink.warning(
                        "UNKNOWN_OVERRIDE_STEP",
                        bound.pointer() + "/name",
                        null,
                        "environment '" + bound.environment() + "' overrides unknown step '"
                                + Shortened.value(override.name()) + "'; ignored" + hint);
            }
            Integer attempts =
                    override.retry() == null ? null : override.retry().maxAttempts();
            if (attempts != null && attempts < 1) {
                sink.warning(
                        "MAX_ATTEMPTS_BELOW_ONE",
                        bound.pointer() + "/retry/max_attempts",
                        null,
                        "environment '" + bound.environment() + "' sets retry.max_attempts to " + attempts
                                + "; treated as 1");
            }
        }
    }
}
