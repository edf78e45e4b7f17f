package dev.tasker.engine.internal.handler;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tasker.api.Config;
import dev.tasker.api.DependsOn;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.engine.internal.support.JsonMapping;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one parameter of a {@link dev.tasker.api.Handler @Handler} method gets its value: where it comes from
 * (the context itself, the task input, an ancestor's result, the step config), whether it must be there,
 * and a Jackson reader for its full generic type, made once at registration so a call only reads.
 */
public final class ParameterBinding {
    private enum Source {
        CONTEXT,
        INPUT,
        DEPENDENCY,
        CONFIG
    }

    private final Source source;
    private final String key;
    private final String[] path;
    private final boolean required;
    private final boolean optional;
    private final Type valueType;
    private final Class<?> nodeType;
    private final JavaType javaType;
    private final ObjectReader reader;
    private final String description;
    private final String typeName;

    private ParameterBinding(
            Source source,
            String key,
            String[] path,
            boolean required,
            Type valueType,
            boolean optional,
            String description,
            JsonMapping json) {
        this.source = source;
        this.valueType = valueType;
        this.key = key;
        this.path = path;
        this.optional = optional;
        this.required = required && !optional;
        this.description = description;
        this.typeName = typeName(valueType);
        this.javaType = json.type(valueType);
        Class<?> raw = javaType.getRawClass();
        this.nodeType = JsonNode.class.isAssignableFrom(raw) ? raw : null;
        this.reader = nodeType != null || source == Source.CONTEXT ? null : json.reader(javaType);
    }

    /** The same binding, reading with {@code json}. */
    ParameterBinding using(JsonMapping json) {
        return new ParameterBinding(source, key, path, required, valueType, optional, description, json);
    }

    /**
     * The binding of parameter {@code index}.
     *
     * @throws IllegalArgumentException saying what is wrong with the parameter's declaration
     */
    static ParameterBinding of(Parameter p, int index) {
        return of(p, index, JsonMapping.DEFAULT);
    }

    /** The binding of parameter {@code index}, reading with {@code json}. */
    static ParameterBinding of(Parameter p, int index, JsonMapping json) {
        String name = p.isNamePresent() ? "'" + p.getName() + "'" : "#" + (index + 1);
        Input input = p.getAnnotation(Input.class);
        DependsOn dep = p.getAnnotation(DependsOn.class);
        Config config = p.getAnnotation(Config.class);
        int annotations = (input != null ? 1 : 0) + (dep != null ? 1 : 0) + (config != null ? 1 : 0);
        if (p.getType() == StepContext.class) {
            if (annotations > 0) {
                throw new IllegalArgumentException(
                        "parameter " + name + " is the StepContext; it takes no " + "@Input, @DependsOn or @Config");
            }
            return new ParameterBinding(
                    Source.CONTEXT, null, null, false, StepContext.class, false, "parameter " + name, json);
        }
        if (annotations != 1) {
            throw new IllegalArgumentException("parameter " + name + " (" + typeName(p.getParameterizedType())
                    + ") needs exactly one of @Input, @DependsOn or @Config"
                    + (annotations == 0 ? " (only a StepContext parameter is bound without one)" : ""));
        }
        boolean optional = p.getType() == Optional.class;
        Type valueType = optional ? optionalElement(p.getParameterizedType()) : p.getParameterizedType();
        ParameterBinding b;
        if (input != null) {
            b = new ParameterBinding(
                    Source.INPUT,
                    input.value(),
                    null,
                    input.required(),
                    valueType,
                    optional,
                    "parameter " + name + " (@Input" + (input.value().isEmpty() ? "" : quoted(input.value())) + ")",
                    json);
        } else if (dep != null) {
            if (dep.value().isBlank()) {
                throw new IllegalArgumentException("parameter " + name + ": @DependsOn needs a step name");
            }
            String shown = dep.path().length == 0
                    ? quoted(dep.value())
                    : "(value = \"" + dep.value()
                            + "\", path = "
                            + Arrays.stream(dep.path())
                                    .map(s -> "\"" + s + "\"")
                                    .collect(Collectors.joining(", ", "{", "}"))
                            + ")";
            b = new ParameterBinding(
                    Source.DEPENDENCY,
                    dep.value(),
                    dep.path().clone(),
                    dep.required(),
                    valueType,
                    optional,
                    "parameter " + name + " (@DependsOn" + shown + ")",
                    json);
        } else {
            b = new ParameterBinding(
                    Source.CONFIG,
                    config.value(),
                    null,
                    config.required(),
                    valueType,
                    optional,
                    "parameter " + name + " (@Config" + (config.value().isEmpty() ? "" : quoted(config.value())) + ")",
                    json);
        }
        if (!b.required && p.getType().isPrimitive()) {
            throw new IllegalArgumentException(b.description + " is a " + p.getType()
                    + " and cannot be absent: use required = true, a wrapper type or Optional");
        }
        return b;
    }

    /**
     * The value for one call.
     *
     * @param owner names the handler in messages
     * @throws PermanentError when a required value is absent or a value has the wrong shape
     */
    Object bind(StepContext ctx, String owner) {
        if (source == Source.CONTEXT) {
            return ctx;
        }
        JsonNode node = lookup(ctx);
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (required) {
                throw new PermanentError(owner + ": " + description + " is required but " + absence(ctx, node));
            }
            return optional ? Optional.empty() : null;
        }
        Object value = convert(node, owner);
        return optional ? Optional.of(value) : value;
    }

    private JsonNode lookup(StepContext ctx) {
        return switch (source) {
            case INPUT -> key.isEmpty() ? ctx.inputData() : ctx.getInput(key);
            case CONFIG -> key.isEmpty() ? ctx.stepConfig() : ctx.getConfig(key);
            case DEPENDENCY -> path.length == 0 ? ctx.getDependencyResult(key) : ctx.getDependencyField(key, path);
            case CONTEXT -> throw new IllegalStateException("the context is not looked up");
        };
    }

    private String absence(StepContext ctx, JsonNode node) {
        String isNull = node != null && node.isNull() ? " is null" : null;
        return switch (source) {
            case INPUT -> "the task input" + (isNull != null ? "'s '" + key + "'" + isNull : " has no '" + key + "'");
            case CONFIG ->
                "the step's handler.initialization"
                        + (isNull != null ? " '" + key + "'" + isNull : " has no '" + key + "'");
            case DEPENDENCY -> dependencyAbsence(ctx, isNull);
            case CONTEXT -> "";
        };
    }

    private String dependencyAbsence(StepContext ctx, String isNull) {
        if (path.length > 0 && ctx.getDependencyResult(key) != null) {
            return "the result of step '" + key + "' has no '" + String.join(".", path) + "'"
                    + (isNull != null ? " (it is null)" : "");
        }
        if (isNull != null) {
            return "the result of step '" + key + "'" + isNull;
        }
        return "there is no result of step '" + key + "' (it is not a completed ancestor of this step)";
    }

    private Object convert(JsonNode node, String owner) {
        if (nodeType != null) {
            if (!nodeType.isInstance(node)) {
                throw new PermanentError(owner + ": " + description + " cannot be read as " + typeName + ": it is "
                        + node.getNodeType().name().toLowerCase());
            }
            return node;
        }
        try {
            return reader.readValue(node);
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentError(
                    owner + ": " + description + " cannot be read as " + typeName + ": " + JsonMapping.why(e), e);
        }
    }

    private static Type optionalElement(Type optional) {
        return optional instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
    }

    private static String quoted(String s) {
        return "(\"" + s + "\")";
    }

    /** {@code List<CartItem>} rather than {@code java.util.List<com.acme.CartItem>}. */
    static String typeName(Type type) {
        if (type instanceof Class<?> c) {
            return c.isArray() ? typeName(c.getComponentType()) + "[]" : c.getSimpleName();
        }
        if (type instanceof ParameterizedType pt) {
            List<String> args = new ArrayList<>();
            for (Type a : pt.getActualTypeArguments()) {
                args.add(typeName(a));
            }
            return typeName(pt.getRawType()) + "<" + String.join(", ", args) + ">";
        }
        return type.getTypeName();
    }
}
