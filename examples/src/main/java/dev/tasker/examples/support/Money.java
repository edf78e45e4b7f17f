package dev.tasker.examples.support;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts of money in the examples: {@link BigDecimal} with two decimals, rounded half up. */
public final class Money {
    /** Zero, with two decimals. */
    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {}

    /** {@code amount} rounded to cents. */
    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code amount} (a decimal literal such as {@code "29.99"}) as money. */
    public static BigDecimal of(String amount) {
        return of(new BigDecimal(amount));
    }

    /** {@code amount × factor}, rounded to cents. */
    public static BigDecimal times(BigDecimal amount, BigDecimal factor) {
        return of(amount.multiply(factor));
    }

    /** {@code amount × quantity}, rounded to cents. */
    public static BigDecimal times(BigDecimal amount, long quantity) {
        return of(amount.multiply(BigDecimal.valueOf(quantity)));
    }
}
