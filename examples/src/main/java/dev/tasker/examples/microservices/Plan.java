package dev.tasker.examples.microservices;

import dev.tasker.api.PermanentError;
import dev.tasker.examples.support.Money;
import java.util.Locale;

/** The plans a user can register for: the pricing table, with each plan's limits and billing-service name. */
public enum Plan {
    /** Free, no trial. */
    STARTER("free", new PlanPricing(Money.ZERO, Money.ZERO, 0), new PlanLimits(1_000, 1, 1)),
    /** 29.99 a month or 299.99 a year, 14 days' trial. */
    PROFESSIONAL("pro", new PlanPricing(Money.of("29.99"), Money.of("299.99"), 14), new PlanLimits(50_000, 50, 10)),
    /** 99.99 a month or 999.99 a year, 30 days' trial, unlimited API calls and team members. */
    ENTERPRISE("enterprise", new PlanPricing(Money.of("99.99"), Money.of("999.99"), 30), new PlanLimits(-1, 500, -1));

    private final String billingName;
    private final PlanPricing pricing;
    private final PlanLimits limits;

    Plan(String billingName, PlanPricing pricing, PlanLimits limits) {
        this.billingName = billingName;
        this.pricing = pricing;
        this.limits = limits;
    }

    /** The plan a registration names ({@code starter}, {@code professional}, {@code enterprise}); null is starter. */
    public static Plan named(String name) {
        if (name == null || name.isBlank()) {
            return STARTER;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PermanentError("Unknown plan '" + name + "'; plans are starter, professional and enterprise");
        }
    }

    /** The name a registration uses. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The billing service's name for the plan. */
    public String billingName() {
        return billingName;
    }

    /** Prices and trial. */
    public PlanPricing pricing() {
        return pricing;
    }

    /** Limits. */
    public PlanLimits limits() {
        return limits;
    }

    /** True for plans with a price. */
    public boolean isPaid() {
        return pricing.monthlyPrice().signum() > 0;
    }
}
