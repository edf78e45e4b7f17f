package dev.tasker.examples.payments;

import dev.tasker.examples.support.Fingerprint;
import dev.tasker.examples.support.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The payment processor as the refund workflow sees it: a deterministic stand-in, so the example runs
 * without a network and gives the same answer every time. Every payment is a card payment of
 * {@link #PAYMENT_AMOUNT} captured {@link #PAYMENT_AGE} before the refund, except:
 * <ul>
 *   <li>{@value #EXPIRED_PAYMENT}: captured {@link #EXPIRED_PAYMENT_AGE} before (outside the refund window).</li>
 * </ul>
 */
public final class PaymentGateway {
    /** What every simulated payment was for. */
    public static final BigDecimal PAYMENT_AMOUNT = Money.of("500.00");
    /** How long before the refund a simulated payment was captured. */
    public static final Duration PAYMENT_AGE = Duration.ofDays(30);
    /** A payment too old to refund. */
    public static final String EXPIRED_PAYMENT = "pay_test_expired";
    /** How long before the refund {@link #EXPIRED_PAYMENT} was captured. */
    public static final Duration EXPIRED_PAYMENT_AGE = Duration.ofDays(120);
    /** The gateway's name in results. */
    public static final String PROVIDER = "SimulatedGateway";

    /** The payment {@code paymentId}, as the gateway knows it at {@code now}. */
    public CapturedPayment payment(String paymentId, Instant now) {
        Duration age = EXPIRED_PAYMENT.equals(paymentId) ? EXPIRED_PAYMENT_AGE : PAYMENT_AGE;
        return new CapturedPayment(
                paymentId,
                Fingerprint.upper("ORD-", paymentId).substring(0, 12),
                PAYMENT_AMOUNT,
                "USD",
                "credit_card",
                now.minus(age).toString());
    }
}
