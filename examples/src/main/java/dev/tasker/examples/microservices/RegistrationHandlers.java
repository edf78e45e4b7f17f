package dev.tasker.examples.microservices;

import dev.tasker.api.DependsOn;
import dev.tasker.api.Handler;
import dev.tasker.api.Input;
import dev.tasker.api.PermanentError;
import dev.tasker.examples.support.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The handlers of {@code microservices_py/user_registration}: create_user_account → (setup_billing_profile ∥
 * initialize_preferences) → send_welcome_sequence → update_user_status, with the Tasker example apps' rules:
 * <ul>
 *   <li>the username is the e-mail's local part, lower-cased; {@link #RESERVED_USERNAMES} (admin, root, system,
 *       support, test) are refused, as are an address without {@code @} and a name shorter than 2 characters
 *       (all permanent);</li>
 *   <li>billing follows the {@link Plan} pricing table: a paid plan gets a subscription and its trial, the
 *       starter plan is free and skips billing;</li>
 *   <li>the welcome sequence is a welcome e-mail, a verification e-mail and an in-app tour, plus a trial
 *       e-mail on a plan with a trial.</li>
 * </ul>
 * Identifiers are {@link Fingerprint}s of the registration, times come from the given clock.
 */
public final class RegistrationHandlers {
    /** Usernames nobody can register. */
    public static final Set<String> RESERVED_USERNAMES = Set.of("admin", "root", "system", "support", "test");

    private static final Duration BILLING_PERIOD = Duration.ofDays(30);

    private final InstantSource clock;

    /** Handlers on the system clock. */
    public RegistrationHandlers() {
        this(InstantSource.system());
    }

    /** Handlers with times from {@code clock}. */
    public RegistrationHandlers(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates the account in the user service. */
    @Handler("create_user_account")
    public UserAccount createAccount(@Input RegistrationRequest request) {
        String email = request.email();
        if (email == null || email.indexOf('@') < 1) {
            throw new PermanentError("Invalid email address: " + email);
        }
        if (request.fullName() == null || request.fullName().strip().length() < 2) {
            throw new PermanentError("Name must be at least 2 characters");
        }
        String username = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        if (RESERVED_USERNAMES.contains(username)) {
            throw new PermanentError("Username '" + username + "' is reserved");
        }
        Plan plan = Plan.named(request.plan());
        return new UserAccount(
                Fingerprint.of("usr_", email),
                email,
                request.fullName(),
                plan.wireName(),
                request.phone(),
                request.source() == null ? "web" : request.source(),
                "created",
                Fingerprint.of("int_", email),
                username,
                request.fullName(),
                null,
                Fingerprint.of("", request, "verification"),
                false,
                "pending_verification",
                now().toString());
    }

    /** Sets up billing for the plan: a subscription with its trial, or nothing to bill on the free plan. */
    @Handler("setup_billing_profile")
    public BillingProfile setupBilling(@DependsOn("create_user_account") UserAccount user) {
        Instant now = now();
        Plan plan = Plan.named(user.plan());
        int trialDays = plan.pricing().trialDays();
        String trialEnd = trialDays > 0 ? now.plus(Duration.ofDays(trialDays)).toString() : null;
        List<String> features = List.of("api_calls", "storage_gb", "team_members");
        return new BillingProfile(
                Fingerprint.of("bill_", user.userId()),
                user.userId(),
                plan.billingName(),
                plan.pricing().monthlyPrice(),
                "USD",
                "monthly",
                features,
                plan.isPaid() ? "active" : "skipped_free_plan",
                plan.isPaid(),
                plan.isPaid() ? now.plus(BILLING_PERIOD).toString() : null,
                plan.isPaid() ? Fingerprint.of("sub_", user.userId()) : null,
                user.internalId(),
                plan.pricing(),
                plan.limits(),
                trialEnd != null ? "trial" : "active",
                trialEnd,
                plan.isPaid(),
                now.toString());
    }

    /** Stores the plan's default preferences in the preferences service. */
    @Handler("initialize_preferences")
    public Preferences initializePreferences(@DependsOn("create_user_account") UserAccount user) {
        Plan plan = Plan.named(user.plan());
        Map<String, Boolean> notifications = new LinkedHashMap<>();
        notifications.put("email_updates", true);
        notifications.put("marketing_emails", plan != Plan.ENTERPRISE);
        notifications.put("weekly_digest", true);
        notifications.put("security_alerts", true);
        notifications.put("product_updates", true);
        notifications.put("billing_alerts", plan.isPaid());
        Map<String, Object> ui = new LinkedHashMap<>();
        ui.put("theme", "light");
        ui.put("language", "en");
        ui.put("timezone", "UTC");
        ui.put("date_format", "YYYY-MM-DD");
        ui.put("items_per_page", 25);
        ui.put("sidebar_collapsed", false);
        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("beta_features", plan == Plan.ENTERPRISE);
        flags.put("advanced_analytics", plan.isPaid());
        flags.put("api_access", plan.isPaid());
        flags.put("custom_integrations", plan == Plan.ENTERPRISE);
        flags.put("priority_support", plan == Plan.ENTERPRISE);
        flags.put("export_data", true);
        Map<String, Object> preferences = new LinkedHashMap<>(notifications);
        preferences.putAll(ui);
        String now = now().toString();
        return new Preferences(
                Fingerprint.of("pref_", user.userId()),
                user.userId(),
                plan.wireName(),
                preferences,
                preferences.size(),
                0,
                "active",
                user.internalId(),
                notifications,
                ui,
                flags,
                false,
                now,
                now);
    }

    /** Sends the welcome e-mails and queues the in-app tour. */
    @Handler("send_welcome_sequence")
    public WelcomeSequence sendWelcome(
            @DependsOn("create_user_account") UserAccount user,
            @DependsOn("setup_billing_profile") BillingProfile billing,
            @DependsOn("initialize_preferences") Preferences preferences) {
        List<WelcomeMessage> messages = new ArrayList<>();
        if (Boolean.TRUE.equals(preferences.notifications().get("email_updates"))) {
            messages.add(new WelcomeMessage(
                    "email", "welcome_email_v3", "sent", user.email(), "Welcome to Tasker, " + user.fullName() + "!"));
        }
        messages.add(
                new WelcomeMessage("email", "email_verification", "sent", user.email(), "Verify your email address"));
        messages.add(new WelcomeMessage("in_app", "onboarding_tour", "queued", null, null));
        if (billing.trialEnd() != null) {
            messages.add(new WelcomeMessage(
                    "email", "trial_started", "sent", user.email(), "Your " + user.plan() + " trial has started"));
        }
        List<String> channels = messages.stream()
                .map(WelcomeMessage::channel)
                .distinct()
                .sorted()
                .toList();
        return new WelcomeSequence(
                user.userId(),
                user.plan(),
                channels,
                messages.size(),
                Fingerprint.of("welcome_", user.userId()),
                "sent",
                messages,
                messages.size(),
                Fingerprint.of("seq_", user.userId()),
                now().toString());
    }

    /** Activates the account once every service has done its part. */
    @Handler("update_user_status")
    public UserActivation activate(
            @DependsOn("create_user_account") UserAccount user,
            @DependsOn("setup_billing_profile") BillingProfile billing,
            @DependsOn("initialize_preferences") Preferences preferences,
            @DependsOn("send_welcome_sequence") WelcomeSequence welcome) {
        String now = now().toString();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("user_id", user.userId());
        summary.put("email", user.email());
        summary.put("plan", user.plan());
        summary.put("registration_status", "complete");
        if (billing.billingRequired()) {
            summary.put("billing_id", billing.billingId());
            summary.put("next_billing_date", billing.nextBillingDate());
        }
        summary.put("preferences_count", preferences.preferences().size());
        summary.put("welcome_sent", true);
        summary.put("notification_channels", welcome.channelsUsed());
        summary.put("user_created_at", user.createdAt());
        summary.put("registration_completed_at", now);
        return new UserActivation(
                user.userId(),
                "active",
                user.plan(),
                summary,
                now,
                true,
                List.of("user_service", "billing_service", "preferences_service", "notification_service"),
                user.internalId(),
                user.email(),
                "active",
                billing.billingId(),
                billing.subscriptionId(),
                "in_progress",
                welcome.totalMessages(),
                true,
                now);
    }

    private Instant now() {
        return clock.instant();
    }
}
