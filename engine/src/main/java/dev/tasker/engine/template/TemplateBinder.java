package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.template.StepBinder.BoundStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.NullUnmarked;

/**
 * Turns a parsed template document into a {@link TaskTemplate}: unknown keys, field types, step
 * binding, cross-step rules and JSON Schemas, all reported to one {@link ProblemSink}. Yields a
 * template only when there is no error.
 */
// Not checked by NullAway yet: its nulls (map lookups, absent YAML fields handed to records that default them) are
// still to sort out.
@NullUnmarked
final class TemplateBinder {
    private TemplateBinder() {}

    static Optional<TaskTemplate> bind(JsonNode root, ProblemSink sink) {
        KnownKeys.check(root, sink);
        Fields top = Fields.of(root, "", sink, null).orElseThrow();
        String namespace = top.requiredText("namespace_name");
        String name = top.requiredText("name");
        String version = top.requiredText("version");
        List<BoundStep> steps = steps(top);
        EnvironmentBinder environments = new EnvironmentBinder(top.child("environments"));
        LifecycleConfig lifecycle = lifecycle(top.child("lifecycle"));
        IdentityStrategy identity = top.enumValue("identity_strategy", IdentityStrategy::fromYaml);
        JsonNode metadata = top.object("metadata");
        JsonNode systemDependencies = top.object("system_dependencies");
        JsonNode domainEvents = list(top, "domain_events");
        new TemplateChecks(sink, steps).run(namespace, environments.bound());
        JsonNode extensionsBlock = top.raw("extensions");
        if (extensionsBlock != null && namespace != null && name != null) {
            java.util.Set<String> stepNames = new java.util.LinkedHashSet<>();
            steps.stream().map(BoundStep::name).filter(Objects::nonNull).forEach(stepNames::add);
            LimitsExtension.read(
                    extensionsBlock,
                    top.pointer("extensions"),
                    namespace,
                    name,
                    stepNames,
                    (pointer, message) -> sink.error("INVALID_EXTENSION", pointer, null, message));
        }
        TemplateExtensions extensions = ExtensionsBinder.bind(
                top,
                steps.stream()
                        .map(BoundStep::name)
                        .filter(Objects::nonNull)
                        .collect(java.util.stream.Collectors.toSet()));
        checkSchemas(top, steps);
        if (sink.hasErrors()) {
            return Optional.empty();
        }
        List<StepDefinition> definitions = steps.stream()
                .map(BoundStep::definition)
                .filter(Objects::nonNull)
                .toList();
        return Optional.ofNullable(Construct.or(
                top,
                () -> new TaskTemplate(
                        namespace,
                        name,
                        version,
                        top.text("description"),
                        metadata,
                        systemDependencies,
                        domainEvents,
                        top.raw("input_schema"),
                        definitions,
                        environments.environments(),
                        lifecycle,
                        identity,
                        top.raw("task_handler"),
                        sink.source(),
                        extensions)));
    }

    private static List<BoundStep> steps(Fields top) {
        if (!top.has("steps")) {
            top.missing("steps");
            return List.of();
        }
        JsonNode raw = top.raw("steps");
        if (raw.isArray() && raw.isEmpty()) {
            top.sink()
                    .error(
                            "EMPTY_STEPS",
                            top.pointer("steps"),
                            null,
                            "steps is empty; a template needs at least one step");
        }
        List<BoundStep> steps = new ArrayList<>();
        for (Fields step : top.objects("steps")) {
            steps.add(StepBinder.bind(step));
        }
        return steps;
    }

    private static JsonNode list(Fields top, String key) {
        JsonNode value = top.raw(key);
        if (value != null && !value.isArray()) {
            top.sink()
                    .error(
                            "WRONG_TYPE",
                            top.pointer(key),
                            null,
                            key + " must be a list, got " + Fields.describe(value));
            return null;
        }
        return value;
    }

    private static LifecycleConfig lifecycle(Fields block) {
        if (block == null) {
            return null;
        }
        String action = block.text("staleness_action");
        if (action != null && !LifecycleConfig.STALENESS_ACTIONS.contains(action)) {
            block.sink()
                    .error(
                            "INVALID_ENUM",
                            block.pointer("staleness_action"),
                            null,
                            "invalid staleness_action '" + action + "'; expected one of: "
                                    + String.join(", ", LifecycleConfig.STALENESS_ACTIONS));
            action = null;
        }
        String staleness = action;
        return Construct.or(
                block,
                () -> new LifecycleConfig(
                        block.integerAtLeast("max_waiting_for_dependencies_minutes", 1),
                        block.integerAtLeast("max_waiting_for_retry_minutes", 1),
                        block.integerAtLeast("max_steps_in_process_minutes", 1),
                        block.integerAtLeast("max_duration_minutes", 1),
                        staleness,
                        block.bool("auto_fail_on_timeout"),
                        block.bool("auto_dlq_on_timeout")));
    }

    private static void checkSchemas(Fields top, List<BoundStep> steps) {
        schema(top, "input_schema", null, "input_schema");
        elementSchemas(top, "domain_events", null, "domain event schema");
        for (BoundStep step : steps) {
            schema(step.fields(), "result_schema", step.name(), "result_schema");
            elementSchemas(step.fields(), "publishes_events", step.name(), "event schema");
        }
    }

    /** The {@code schema} of each mapping in a list; other elements were reported while binding. */
    private static void elementSchemas(Fields fields, String listKey, String step, String what) {
        JsonNode list = fields.raw(listKey);
        for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
            JsonNode schema = list.get(i).get("schema");
            if (schema != null && !schema.isNull()) {
                SchemaCheck.check(
                        schema, SourceMap.child(fields.pointer(listKey), i) + "/schema", step, what, fields.sink());
            }
        }
    }

    private static void schema(Fields fields, String key, String step, String what) {
        JsonNode schema = fields.raw(key);
        if (schema != null) {
            SchemaCheck.check(schema, fields.pointer(key), step, what, fields.sink());
        }
    }
}
