package dev.tasker.examples.ecommerce;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The task input of {@code ecommerce_order_processing}. {@code paymentToken} defaults to a card that is
 * accepted; {@code orderId} is optional: the shop's own order id, which also makes two orders of the same
 * cart two tasks (the engine's identity is strict: the same template and input are the same task).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderRequest(
        List<CartItem> items, String customerEmail, String paymentToken, String shippingAddress, String orderId) {}
