package dev.tasker.examples.ecommerce;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.api.RetryableError;
import dev.tasker.examples.support.Fingerprint;
import dev.tasker.examples.support.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The handlers of {@code ecommerce_py/ecommerce_order_processing}: validate_cart → process_payment →
 * update_inventory → create_order → send_confirmation, with the Tasker example apps' rules:
 * <ul>
 *   <li>each line costs {@code round(quantity × unit_price, 2)}; tax is {@code round(subtotal × 0.08, 2)};
 *       shipping is free from a subtotal of 100.00 and 9.99 below it. Two at 29.99 and one at 49.99 make
 *       109.97 + 8.80 + 0.00 = <b>118.77</b>; one at 10.00 makes 10.00 + 0.80 + 9.99 = 20.79;</li>
 *   <li>an empty cart, a line without sku or name, a quantity below 1 or a price not above 0 fail
 *       {@code validate_cart} permanently;</li>
 *   <li>payment tokens {@code tok_test_declined} and {@code tok_test_insufficient_funds} are declined
 *       (permanent); {@code tok_test_gateway_error} and {@code tok_test_timeout} are gateway errors
 *       (retryable); any other token is charged;</li>
 *   <li>the simulated warehouse holds {@value #STOCK_PER_SKU} of every SKU; asking for more fails
 *       {@code update_inventory} permanently.</li>
 * </ul>
 * Identifiers are {@link Fingerprint}s of the order, and times come from the given clock, so a retried
 * step repeats its result and a test with a fixed clock gets the same result every time.
 */
public final class OrderHandlers {
    /** The sales tax rate. */
    public static final BigDecimal TAX_RATE = new BigDecimal("0.08");
    /** Orders with a subtotal of at least this ship free. */
    public static final BigDecimal FREE_SHIPPING_FROM = Money.of("100.00");
    /** Shipping below {@link #FREE_SHIPPING_FROM}. */
    public static final BigDecimal FLAT_SHIPPING = Money.of("9.99");
    /** The token charged when the input has none. */
    public static final String DEFAULT_TOKEN = "tok_test_success";
    /** Tokens the gateway declines: a permanent failure. */
    public static final Set<String> DECLINED_TOKENS = Set.of("tok_test_declined", "tok_test_insufficient_funds");
    /** Tokens on which the gateway fails: a transient failure, retried. */
    public static final Set<String> GATEWAY_ERROR_TOKENS = Set.of("tok_test_gateway_error", "tok_test_timeout");
    /** What the simulated warehouse holds of each SKU. */
    public static final int STOCK_PER_SKU = 100;

    private static final int DELIVERY_DAYS = 7;

    private final InstantSource clock;

    /** Handlers on the system clock. */
    public OrderHandlers() {
        this(InstantSource.system());
    }

    /** Handlers whose timestamps come from {@code clock}. */
    public OrderHandlers(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Prices the cart: line totals, subtotal, tax, shipping, total. */
    @Handler("validate_cart")
    public ValidatedCart validateCart(@Input OrderRequest order) {
        List<CartItem> items = order.items();
        if (items == null || items.isEmpty()) {
            throw new PermanentError("Cart is empty or items field is missing");
        }
        List<LineItem> lines = new ArrayList<>();
        BigDecimal subtotal = Money.ZERO;
        for (int i = 0; i < items.size(); i++) {
            LineItem line = price(i, items.get(i));
            lines.add(line);
            subtotal = subtotal.add(line.lineTotal());
        }
        BigDecimal tax = Money.times(subtotal, TAX_RATE);
        BigDecimal shipping = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0 ? Money.ZERO : FLAT_SHIPPING;
        return new ValidatedCart(
                lines,
                lines.size(),
                subtotal,
                TAX_RATE,
                tax,
                shipping,
                subtotal.add(tax).add(shipping),
                now().toString());
    }

    private static LineItem price(int index, CartItem item) {
        if (item == null || isBlank(item.sku()) || isBlank(item.name())) {
            throw new PermanentError("Item at index " + index + " missing sku or name");
        }
        if (item.quantity() == null || item.quantity() < 1) {
            throw new PermanentError("Item '" + item.sku() + "' has invalid quantity: " + item.quantity());
        }
        if (item.unitPrice() == null || item.unitPrice().signum() <= 0) {
            throw new PermanentError("Item '" + item.sku() + "' has invalid price: " + item.unitPrice());
        }
        return new LineItem(
                item.sku(),
                item.name(),
                item.quantity(),
                item.unitPrice(),
                Money.times(item.unitPrice(), item.quantity()));
    }

    /** Charges the cart's total to the payment token through the simulated gateway. */
    @Handler("process_payment")
    public PaymentReceipt processPayment(@Input OrderRequest order, @DependsOn("validate_cart") ValidatedCart cart) {
        String token = isBlank(order.paymentToken()) ? DEFAULT_TOKEN : order.paymentToken();
        if (DECLINED_TOKENS.contains(token)) {
            throw new PermanentError("Payment declined for token " + token, "card_declined", null);
        }
        if (GATEWAY_ERROR_TOKENS.contains(token)) {
            throw new RetryableError("Payment gateway returned an error for token " + token + ", will retry");
        }
        String transactionId = Fingerprint.of("txn_", order, "charge");
        return new PaymentReceipt(
                Fingerprint.of("pay_", order, "payment"),
                transactionId,
                Fingerprint.upper("", token, cart.total(), transactionId),
                cart.total(),
                "USD",
                "card",
                "approved",
                "completed",
                now().toString());
    }

    /** Reserves each line's quantity in the simulated warehouse. */
    @Handler("update_inventory")
    public InventoryReservation updateInventory(
            @Input OrderRequest order, @DependsOn("validate_cart") ValidatedCart cart) {
        List<ReservedProduct> products = new ArrayList<>();
        List<InventoryChange> changes = new ArrayList<>();
        int reserved = 0;
        for (LineItem line : cart.validatedItems()) {
            if (line.quantity() > STOCK_PER_SKU) {
                throw new PermanentError("Insufficient stock for '" + line.sku() + "': " + line.quantity()
                        + " requested, " + STOCK_PER_SKU + " available");
            }
            products.add(new ReservedProduct(
                    "prod_" + line.sku(), line.sku(), STOCK_PER_SKU, STOCK_PER_SKU - line.quantity(), line.quantity()));
            changes.add(new InventoryChange(line.sku(), "reservation", -line.quantity(), "order_checkout"));
            reserved += line.quantity();
        }
        return new InventoryReservation(
                products, reserved, changes, Fingerprint.of("log_", order, "inventory"), now().toString());
    }

    /** Records the order: the cart's figures, the payment and the reservation. */
    @Handler("create_order")
    public Order createOrder(
            @Input OrderRequest order,
            @DependsOn("validate_cart") ValidatedCart cart,
            @DependsOn("process_payment") PaymentReceipt payment,
            @DependsOn("update_inventory") InventoryReservation inventory) {
        Instant now = now();
        String orderId =
                isBlank(order.orderId()) ? Fingerprint.upper("ORD-", order).substring(0, 12) : order.orderId();
        String orderNumber = "ORD-" + DateTimeFormatter.BASIC_ISO_DATE.format(now.atOffset(ZoneOffset.UTC)) + "-"
                + Fingerprint.upper("", order, "number").substring(0, 8);
        LocalDate delivery = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(DELIVERY_DAYS);
        return new Order(
                orderId,
                orderNumber,
                order.customerEmail(),
                cart.validatedItems(),
                cart.itemCount(),
                cart.subtotal(),
                cart.tax(),
                cart.shipping(),
                cart.total(),
                cart.total(),
                payment.paymentId(),
                payment.transactionId(),
                payment.authorizationCode(),
                inventory.updatedProducts(),
                inventory.inventoryLogId(),
                "confirmed",
                now.toString(),
                delivery.toString());
    }

    /** E-mails the confirmation to the customer. */
    @Handler("send_confirmation")
    public Confirmation sendConfirmation(@Input OrderRequest order, @DependsOn("create_order") Order created) {
        String recipient = isBlank(order.customerEmail()) ? created.customerEmail() : order.customerEmail();
        String body = "Thank you for your order! Your order " + created.orderId() + " containing "
                + created.itemCount() + " item(s) totalling $" + created.total().toPlainString()
                + " has been confirmed. We'll notify you when your items ship.";
        return new Confirmation(
                true,
                recipient,
                "order_confirmation",
                Fingerprint.of("msg_", order, "confirmation"),
                "Order Confirmation - " + created.orderId(),
                body,
                "email",
                "order_confirmation_v2",
                "sent",
                now().toString());
    }

    private Instant now() {
        return clock.instant();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
