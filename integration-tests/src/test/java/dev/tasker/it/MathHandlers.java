package dev.tasker.it;

import dev.tasker.api.ErrorType;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Java twins of the reference's Python handlers for the linear and diamond fixtures (reference §8.1
 * A1, A2): each returns {@code {"result": v, "operation": ...}}.
 */
final class MathHandlers {
    private MathHandlers() {}

    static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, UnaryOperator.identity());
    }

    /** Registers the handlers, each passed through {@code wrap} (to log or misbehave in tests). */
    static TaskerBuilder register(TaskerBuilder builder, UnaryOperator<StepHandler> wrap) {
        return builder.handler("linear_workflow.step_handlers.LinearStep1Handler", wrap.apply(MathHandlers::square))
                .handler(
                        "linear_workflow.step_handlers.LinearStep2Handler",
                        wrap.apply(ctx -> op(ctx, "linear_step_1_py", "add", v -> v + 10)))
                .handler(
                        "linear_workflow.step_handlers.LinearStep3Handler",
                        wrap.apply(ctx -> op(ctx, "linear_step_2_py", "multiply", v -> v * 3)))
                .handler(
                        "linear_workflow.step_handlers.LinearStep4Handler",
                        wrap.apply(ctx -> op(ctx, "linear_step_3_py", "divide", v -> v / 2.0)))
                .handler("diamond_workflow.step_handlers.DiamondStartHandler", wrap.apply(MathHandlers::square))
                .handler(
                        "diamond_workflow.step_handlers.DiamondBranchBHandler",
                        wrap.apply(ctx -> op(ctx, "diamond_start_py", "add", v -> v + 25)))
                .handler(
                        "diamond_workflow.step_handlers.DiamondBranchCHandler",
                        wrap.apply(ctx -> op(ctx, "diamond_start_py", "multiply", v -> v * 2)))
                .handler("diamond_workflow.step_handlers.DiamondEndHandler", wrap.apply(ctx -> {
                    double b = ctx.getDependencyField("diamond_branch_b_py", "result")
                            .asDouble();
                    double c = ctx.getDependencyField("diamond_branch_c_py", "result")
                            .asDouble();
                    return StepHandlerResult.success(Map.of("result", (b + c) / 2, "operation", "average"));
                }));
    }

    static StepHandlerResult square(StepContext ctx) {
        var n = ctx.getInput("even_number");
        if (n == null || !n.canConvertToInt() || n.asInt() % 2 != 0) {
            return StepHandlerResult.failure(
                    "even_number must be an even integer, got " + n, ErrorType.VALIDATION_ERROR, false);
        }
        return StepHandlerResult.success(Map.of("result", (long) n.asInt() * n.asInt(), "operation", "square"));
    }

    private static StepHandlerResult op(
            StepContext ctx, String from, String name, java.util.function.DoubleUnaryOperator f) {
        double v = ctx.getDependencyField(from, "result").asDouble();
        double r = f.applyAsDouble(v);
        Object result = name.equals("divide") || r != Math.rint(r) ? (Object) r : (Object) (long) r;
        return StepHandlerResult.success(Map.of("result", result, "operation", name));
    }
}
