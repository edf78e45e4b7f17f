package dev.tasker.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** Binds one entry of {@code steps} to a {@link StepDefinition}, reporting what does not fit. */
// Not checked by NullAway yet: its nulls (map lookups, absent YAML fields handed to records that default them) are
// still to sort out.
@NullUnmarked
final class StepBinder {
    /**
     * A step as written: its raw dependency list (before de-duplication, so problems point at the
     * right list entry), and its definition when the name and handler could be read.
     */
    record BoundStep(
            Fields fields,
            @Nullable String name,
            String dependencyKey,
            List<String> dependencies,
            StepDefinition definition) {}

    private StepBinder() {}

    static BoundStep bind(Fields raw) {
        String name = raw.requiredText("name");
        Fields fields = raw.forStep(name);
        String dependencyKey = fields.alias("dependencies", "depends_on");
        List<String> dependencies = fields.strings(dependencyKey);
        HandlerDefinition handler = handler(fields);
        StepType type = fields.enumValue(fields.alias("type", "step_type"), StepType::fromYaml);
        RetryPolicy retry = retry(fields.child("retry"));
        Integer timeout = fields.integerAtLeast("timeout_seconds", 1);
        String systemDependency = fields.text("system_dependency");
        String description = fields.text("description");
        List<EventDeclaration> events = events(fields);
        BatchConfiguration batch = batch(fields.child("batch_config"));
        StepDefinition definition = null;
        if (name != null && !name.isBlank() && handler != null) {
            List<String> usable = dependencies.stream()
                    .filter(d -> !d.equals(name) && !d.isBlank())
                    .toList();
            definition = Construct.or(
                    fields,
                    () -> new StepDefinition(
                            name,
                            description,
                            handler,
                            type,
                            usable,
                            retry,
                            timeout,
                            systemDependency,
                            events,
                            batch,
                            fields.raw("result_schema"),
                            fields.raw("composition")));
        } else if (name != null && name.isBlank()) {
            fields.sink().error("MISSING_FIELD", fields.pointer("name"), null, "step name must not be empty");
        }
        return new BoundStep(fields, name, dependencyKey, dependencies, definition);
    }

    private static @Nullable HandlerDefinition handler(Fields step) {
        if (!step.has("handler")) {
            step.missing("handler");
            return null;
        }
        Fields handler = step.child("handler");
        if (handler == null) {
            return null;
        }
        if (!handler.present("callable")) {
            handler.missing("callable");
            return null;
        }
        String callable = handler.text("callable");
        if (callable == null && handler.has("callable")) {
            return null; // wrong type, already reported
        }
        if (callable == null || callable.isBlank()) {
            handler.sink()
                    .error("EMPTY_CALLABLE", handler.pointer("callable"), step.step(), "handler.callable is empty");
            return null;
        }
        return Construct.or(
                handler,
                () -> new HandlerDefinition(
                        callable, handler.text("method"), handler.text("resolver"), handler.object("initialization")));
    }

    static RetryPolicy retry(@Nullable Fields retry) {
        if (retry == null) {
            return RetryPolicy.DEFAULT;
        }
        Boolean retryable = retry.bool("retryable");
        Integer maxAttempts = retry.integer("max_attempts");
        BackoffStrategy backoff = retry.enumValue("backoff", BackoffStrategy::fromYaml);
        Long base = retry.longAtLeast("backoff_base_ms", 0);
        Long max = retry.longAtLeast("max_backoff_ms", 0);
        return new RetryPolicy(
                retryable != null ? retryable : RetryPolicy.DEFAULT_RETRYABLE,
                maxAttempts != null ? maxAttempts : RetryPolicy.DEFAULT_MAX_ATTEMPTS,
                backoff,
                base != null ? base : RetryPolicy.DEFAULT_BACKOFF_BASE_MS,
                max != null ? max : RetryPolicy.DEFAULT_MAX_BACKOFF_MS);
    }

    static @Nullable RetryOverride retryOverride(@Nullable Fields retry) {
        if (retry == null) {
            return null;
        }
        return new RetryOverride(
                retry.bool("retryable"),
                retry.integer("max_attempts"),
                retry.enumValue("backoff", BackoffStrategy::fromYaml),
                retry.longAtLeast("backoff_base_ms", 0),
                retry.longAtLeast("max_backoff_ms", 0));
    }

    private static List<EventDeclaration> events(Fields step) {
        List<EventDeclaration> events = new ArrayList<>();
        for (Fields event : step.objects("publishes_events")) {
            EventDeclaration declaration = event(event);
            if (declaration != null) {
                events.add(declaration);
            }
        }
        return events;
    }

    private static @Nullable EventDeclaration event(Fields event) {
        String name = event.requiredText("name");
        String publisher = event.text("publisher");
        EventCondition condition = event.enumValue("condition", EventCondition::fromYaml);
        DeliveryMode delivery = event.enumValue("delivery_mode", DeliveryMode::fromYaml);
        String description = event.text("description");
        boolean valid = name != null;
        if (name != null && EventDeclaration.nameProblem(name).isPresent()) {
            event.sink()
                    .error(
                            "INVALID_EVENT_NAME",
                            event.pointer("name"),
                            event.step(),
                            EventDeclaration.nameProblem(name).get());
            valid = false;
        }
        if (EventDeclaration.publisherProblem(publisher).isPresent()) {
            event.sink()
                    .error(
                            "INVALID_PUBLISHER",
                            event.pointer("publisher"),
                            event.step(),
                            EventDeclaration.publisherProblem(publisher).get());
            valid = false;
        }
        JsonNode schema = event.raw("schema");
        return valid
                ? Construct.or(
                        event, () -> new EventDeclaration(name, description, condition, schema, delivery, publisher))
                : null;
    }

    private static @Nullable BatchConfiguration batch(@Nullable Fields batch) {
        if (batch == null) {
            return null;
        }
        Integer size = batch.integerAtLeast("batch_size", 1);
        Integer parallelism = batch.integerAtLeast("parallelism", 1);
        FailureStrategy strategy = batch.enumValue("failure_strategy", FailureStrategy::fromYaml);
        return Construct.or(
                batch,
                () -> new BatchConfiguration(
                        size != null ? size : BatchConfiguration.DEFAULT_BATCH_SIZE,
                        parallelism != null ? parallelism : BatchConfiguration.DEFAULT_PARALLELISM,
                        batch.text("cursor_field"),
                        batch.text("worker_template"),
                        strategy));
    }
}
