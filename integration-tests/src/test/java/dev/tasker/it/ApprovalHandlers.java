package dev.tasker.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Java twins of the reference's conditional-approval handlers (reference §8.3 C1) for
 * {@code python/conditional_approval_handler_py.yaml}: the decision routes on the amount (&lt; 1000 →
 * auto; &lt; 5000 → manager; else manager and finance), each approval returns
 * {@code {approved, approval_type, approved_by}}, and the convergence step sums them up.
 */
final class ApprovalHandlers {
    static final String PREFIX = "conditional_approval.step_handlers.";
    static final String VALIDATE = PREFIX + "ValidateRequestHandler";
    static final String ROUTE = PREFIX + "RoutingDecisionHandler";
    static final String AUTO = PREFIX + "AutoApproveHandler";
    static final String MANAGER = PREFIX + "ManagerApprovalHandler";
    static final String FINANCE = PREFIX + "FinanceReviewHandler";
    static final String FINALIZE = PREFIX + "FinalizeApprovalHandler";
    static final List<String> APPROVAL_STEPS = List.of("auto_approve_py", "manager_approval_py", "finance_review_py");

    private ApprovalHandlers() {}

    static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, Map.of());
    }

    /** Registers the twins, each replaced or wrapped by {@code wrap} when it names its callable. */
    static TaskerBuilder register(TaskerBuilder builder, Map<String, UnaryOperator<StepHandler>> wrap) {
        Map<String, StepHandler> all = new LinkedHashMap<>();
        all.put(VALIDATE, ApprovalHandlers::validate);
        all.put(ROUTE, ApprovalHandlers::route);
        all.put(AUTO, ctx -> approval("automatic", "system"));
        all.put(
                MANAGER,
                ctx -> approval(
                        "manager", "manager_of_" + ctx.getInput("requester").asText()));
        all.put(FINANCE, ctx -> approval("finance", "finance_team"));
        all.put(FINALIZE, ApprovalHandlers::finalizeApproval);
        all.forEach((callable, h) -> builder.handler(
                callable, wrap.getOrDefault(callable, UnaryOperator.identity()).apply(h)));
        return builder;
    }

    static StepHandlerResult validate(StepContext ctx) {
        JsonNode amount = ctx.getInput("amount");
        if (amount == null || !amount.isNumber() || amount.asDouble() <= 0) {
            throw new PermanentError("amount must be a positive number, got " + amount);
        }
        for (String field : List.of("requester", "purpose")) {
            JsonNode v = ctx.getInput(field);
            if (v == null || v.asText().isBlank()) {
                throw new PermanentError(field + " is required");
            }
        }
        return StepHandlerResult.success(Map.of(
                "validated",
                true,
                "amount",
                amount.asDouble(),
                "requester",
                ctx.getInput("requester").asText(),
                "purpose",
                ctx.getInput("purpose").asText()));
    }

    /** The thresholds come from the step's initialization ({@code thresholds: {small: 1000, large: 5000}}). */
    static StepHandlerResult route(StepContext ctx) {
        double amount = ctx.getDependencyField("validate_request_py", "amount").asDouble();
        double small = ctx.getConfig("thresholds").path("small").asDouble(1000);
        double large = ctx.getConfig("thresholds").path("large").asDouble(5000);
        List<String> steps;
        String path;
        if (amount < small) {
            steps = List.of("auto_approve_py");
            path = "auto";
        } else if (amount < large) {
            steps = List.of("manager_approval_py");
            path = "manager_only";
        } else {
            steps = List.of("manager_approval_py", "finance_review_py");
            path = "dual_approval";
        }
        return StepHandlerResult.decision(steps, Map.of("amount", amount, "approval_path", path));
    }

    static StepHandlerResult approval(String type, String by) {
        return StepHandlerResult.success(Map.of("approved", true, "approval_type", type, "approved_by", by));
    }

    static StepHandlerResult finalizeApproval(StepContext ctx) {
        List<String> chain = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        boolean approved = true;
        for (String step : APPROVAL_STEPS) {
            JsonNode r = ctx.getDependencyResult(step);
            if (r != null) {
                seen.add(step);
                chain.add(r.path("approval_type").asText());
                approved &= r.path("approved").asBoolean();
            }
        }
        if (chain.isEmpty()) {
            throw new PermanentError("no approval reached the finalizer");
        }
        Collections.sort(chain);
        String path = switch (String.join(",", chain)) {
            case "automatic" -> "auto";
            case "manager" -> "manager_only";
            case "finance,manager" -> "dual_approval";
            default -> "custom";
        };
        JsonNode request = ctx.getDependencyResult("validate_request_py");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approved", approved);
        out.put("approval_chain", chain);
        out.put("approval_path", path);
        out.put("final_amount", request.path("amount").asDouble());
        out.put("requester", request.path("requester").asText());
        out.put("purpose", request.path("purpose").asText());
        out.put("approval_steps_seen", seen);
        return StepHandlerResult.success(out);
    }
}
