package dev.tasker.examples.microservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.engine.StepState;
import dev.tasker.engine.TaskSnapshot;
import dev.tasker.engine.TaskState;
import dev.tasker.examples.ExampleApps;
import dev.tasker.testkit.TaskerExtension;
import dev.tasker.testkit.TaskerTestEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserRegistrationTest {
    @RegisterExtension
    static final TaskerExtension TASKER = ExampleApps.testKit();

    private static TaskSnapshot register(TaskerTestEnvironment env, String email, String plan) {
        return env.run(
                UserRegistration.NAMESPACE,
                UserRegistration.NAME,
                Map.of("email", email, "full_name", "Ann Lee", "plan", plan));
    }

    @Test
    void a_professional_plan_costs_29_99_a_month_after_a_14_day_trial(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(register(env, "Ann.Lee@example.com", "professional"));

        UserAccount user = env.result(done, "create_user_account", UserAccount.class);
        assertEquals("ann.lee", user.username());
        assertEquals("pending_verification", user.accountStatus());
        BillingProfile billing = env.result(done, "setup_billing_profile", BillingProfile.class);
        assertEquals("pro", billing.plan());
        assertEquals(new BigDecimal("29.99"), billing.price());
        assertEquals(new PlanPricing(new BigDecimal("29.99"), new BigDecimal("299.99"), 14), billing.pricing());
        assertEquals(new PlanLimits(50_000, 50, 10), billing.limits());
        assertEquals("trial", billing.billingStatus());
        assertEquals("2026-01-15T00:00:00Z", billing.trialEnd());
        assertTrue(billing.paymentMethodRequired());
        Preferences prefs = env.result(done, "initialize_preferences", Preferences.class);
        assertEquals(12, prefs.defaultsApplied());
        assertTrue(prefs.featureFlags().get("api_access"));
        WelcomeSequence welcome = env.result(done, "send_welcome_sequence", WelcomeSequence.class);
        assertEquals(
                List.of("welcome_email_v3", "email_verification", "onboarding_tour", "trial_started"),
                welcome.messagesSentDetails().stream()
                        .map(WelcomeMessage::template)
                        .toList());
        assertEquals(List.of("email", "in_app"), welcome.channelsUsed());
        UserActivation active = env.result(done, "update_user_status", UserActivation.class);
        assertEquals("active", active.status());
        assertTrue(active.registrationComplete());
        assertEquals(4, active.welcomeMessagesSent());
        assertEquals(billing.subscriptionId(), active.subscriptionId());
    }

    @Test
    void the_starter_plan_is_free_and_skips_billing(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(env.run(
                UserRegistration.NAMESPACE,
                UserRegistration.NAME,
                Map.of("email", "bo@example.com", "full_name", "Bo")));

        BillingProfile billing = env.result(done, "setup_billing_profile", BillingProfile.class);
        assertEquals("free", billing.plan());
        assertEquals(new BigDecimal("0.00"), billing.price());
        assertEquals("skipped_free_plan", billing.status());
        assertFalse(billing.billingRequired());
        assertNull(billing.trialEnd());
        assertEquals(
                3,
                env.result(done, "send_welcome_sequence", WelcomeSequence.class).messagesSent());
    }

    @Test
    void enterprise_costs_99_99_with_a_30_day_trial(TaskerTestEnvironment env) {
        TaskSnapshot done = env.assertComplete(register(env, "cio@bigcorp.example", "enterprise"));

        BillingProfile billing = env.result(done, "setup_billing_profile", BillingProfile.class);
        assertEquals(new BigDecimal("99.99"), billing.price());
        assertEquals("2026-01-31T00:00:00Z", billing.trialEnd());
        assertEquals(new PlanLimits(-1, 500, -1), billing.limits());
    }

    @Test
    void a_reserved_username_is_refused_and_no_other_service_is_called(TaskerTestEnvironment env) {
        TaskSnapshot done = register(env, "admin@example.com", "starter");

        assertEquals(TaskState.BLOCKED_BY_FAILURES, done.state(), env.describe(done));
        assertEquals(StepState.ERROR, done.step("create_user_account").state());
        assertEquals(1, done.step("create_user_account").attempts());
        assertEquals(
                "Username 'admin' is reserved",
                done.step("create_user_account").error().get("message").asText());
        for (String later : List.of("setup_billing_profile", "initialize_preferences", "send_welcome_sequence")) {
            assertTrue(env.invocations(later).isEmpty(), later + " never ran");
        }
    }

    @Test
    void every_reserved_username_is_refused(TaskerTestEnvironment env) {
        for (String name : RegistrationHandlers.RESERVED_USERNAMES) {
            TaskSnapshot done = register(env, name.toUpperCase() + "@example.com", "starter");
            assertEquals(StepState.ERROR, done.step("create_user_account").state(), name);
        }
    }

    @Test
    void a_billing_outage_is_retried_while_preferences_go_ahead(TaskerTestEnvironment env) {
        env.inject("setup_billing_profile").failTimes(1);

        TaskSnapshot done = env.assertComplete(register(env, "ann@example.com", "professional"));

        assertEquals(2, done.step("setup_billing_profile").attempts());
        assertEquals(1, done.step("initialize_preferences").attempts());
        assertEquals(Duration.ofSeconds(2), env.elapsed(), "exponential, backoff_base_ms 2000");
        assertEquals(
                "2026-01-15T00:00:02Z",
                env.result(done, "setup_billing_profile", BillingProfile.class).trialEnd(),
                "the retry ran 2 simulated seconds later");
        assertEquals(1, env.invocations("send_welcome_sequence").size());
    }
}
