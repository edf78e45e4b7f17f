package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.InvalidInputException;
import dev.tasker.engine.Limits;
import dev.tasker.engine.TaskRequest;
import dev.tasker.engine.TaskRequestException;
import dev.tasker.engine.internal.support.Json;
import dev.tasker.engine.template.IdentityStrategy;
import dev.tasker.engine.template.TaskTemplate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The dedup key of a task (SPEC §3 identity): SHA-256 over the template's namespace/name/version and
 * either the canonical JSON of the context ({@code strict}) or the caller's idempotency key, which
 * overrides every strategy. {@code always_unique} without a key has no identity.
 */
public final class TaskIdentity {
    private TaskIdentity() {}

    /** The identity hash, or null when the task is always unique. */
    static String of(TaskTemplate template, TaskRequest request, IdentityStrategy engineDefault) {
        String prefix = template.namespace() + "/" + template.name() + "/" + template.version() + "\n";
        if (request.idempotencyKey() != null) {
            return sha256(prefix + "key:" + request.idempotencyKey());
        }
        IdentityStrategy strategy = template.identityStrategy() != null ? template.identityStrategy() : engineDefault;
        return switch (strategy) {
            case STRICT -> sha256(prefix + "context:" + canonical(request.context()));
            case CALLER_PROVIDED ->
                throw new TaskRequestException("template " + template.key()
                        + " uses identity_strategy caller_provided: the request needs an idempotency key "
                        + "(TaskRequest.withIdempotencyKey)");
            case ALWAYS_UNIQUE -> null;
        };
    }

    /** JSON with object keys sorted at every level, array order kept, no whitespace, numbers normalised. */
    static String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i == 0 ? "" : ",")
                        .append(Json.MAPPER.getNodeFactory().textNode(keys.get(i)))
                        .append(':');
                write(node.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                throw new InvalidInputException("the task context", "$", "a number is not finite", "finite numbers");
            }
            BigDecimal d = node.decimalValue();
            // The context was checked against Limits first; this bound keeps the plain form small regardless.
            if (Math.abs((long) d.precision() - d.scale() - 1) > Limits.CEILING_NUMBER_EXPONENT) {
                throw new InvalidInputException(
                        "the task context",
                        "$",
                        "a number's exponent is out of range",
                        "maxNumberExponent = " + Limits.CEILING_NUMBER_EXPONENT);
            }
            d = d.stripTrailingZeros();
            sb.append(d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString());
        } else {
            sb.append(node.toString());
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
