package dev.tasker.examples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.api.PermanentError;
import dev.tasker.api.StepContext;
import dev.tasker.api.StepHandler;
import dev.tasker.api.StepHandlerResult;
import dev.tasker.engine.TaskerBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Handlers of the quick-start workflow {@code quickstart/price_order}
 * ({@code tasker/templates/quickstart_price_order.yaml}): money in {@link BigDecimal}, 2 decimals.
 */
public final class PriceOrder {
    /** The template's namespace. */
    public static final String NAMESPACE = "quickstart";
    /** The template's name. */
    public static final String NAME = "price_order";

    private PriceOrder() {}

    /** Registers the four handlers on a builder. */
    public static TaskerBuilder register(TaskerBuilder builder) {
        return register(builder, UnaryOperator.identity());
    }

    /** Registers the four handlers, each passed through {@code wrap} (the demo wraps them to print progress). */
    public static TaskerBuilder register(TaskerBuilder builder, UnaryOperator<StepHandler> wrap) {
        return builder.handler("quickstart.validate_cart", wrap.apply(PriceOrder::validateCart))
                .handler("quickstart.compute_tax", wrap.apply(PriceOrder::computeTax))
                .handler("quickstart.compute_shipping", wrap.apply(PriceOrder::computeShipping))
                .handler("quickstart.total", wrap.apply(PriceOrder::total));
    }

    static StepHandlerResult validateCart(StepContext ctx) {
        BigDecimal subtotal = BigDecimal.ZERO;
        int count = 0;
        for (JsonNode item : ctx.getInput("items")) {
            BigDecimal price = item.get("price").decimalValue();
            int quantity = item.get("quantity").asInt();
            if (quantity < 1 || price.signum() <= 0) {
                throw new PermanentError("item " + item.get("sku").asText() + " needs a quantity >= 1 and a price > 0");
            }
            subtotal = subtotal.add(price.multiply(BigDecimal.valueOf(quantity)));
            count += quantity;
        }
        return StepHandlerResult.success(Map.of("subtotal", money(subtotal), "item_count", count));
    }

    static StepHandlerResult computeTax(StepContext ctx) {
        BigDecimal subtotal =
                ctx.getDependencyField("validate_cart", "subtotal").decimalValue();
        BigDecimal rate = ctx.getConfig("rate").decimalValue();
        return StepHandlerResult.success(Map.of("tax", money(subtotal.multiply(rate)), "rate", rate));
    }

    static StepHandlerResult computeShipping(StepContext ctx) {
        BigDecimal subtotal =
                ctx.getDependencyField("validate_cart", "subtotal").decimalValue();
        boolean free = subtotal.compareTo(ctx.getConfig("free_from").decimalValue()) >= 0;
        BigDecimal shipping =
                free ? BigDecimal.ZERO : ctx.getConfig("flat_rate").decimalValue();
        return StepHandlerResult.success(Map.of("shipping", money(shipping), "free", free));
    }

    static StepHandlerResult total(StepContext ctx) {
        BigDecimal subtotal =
                ctx.getDependencyField("validate_cart", "subtotal").decimalValue();
        BigDecimal tax = ctx.getDependencyField("compute_tax", "tax").decimalValue();
        BigDecimal shipping =
                ctx.getDependencyField("compute_shipping", "shipping").decimalValue();
        return StepHandlerResult.success(Map.of(
                "subtotal",
                money(subtotal),
                "tax",
                money(tax),
                "shipping",
                money(shipping),
                "total",
                money(subtotal.add(tax).add(shipping))));
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
