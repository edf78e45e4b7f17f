package dev.tasker.dashboard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard is served and what it allows. Immutable; each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * TaskerDashboard dashboard = TaskerDashboard.start(tasker, DashboardOptions.defaults()
 *         .port(8089)
 *         .token(System.getenv("TASKER_DASHBOARD_TOKEN"))
 *         .redact("iban"));
 * }</pre>
 *
 * <p>Defaults: bound to {@code 127.0.0.1} on port {@value #DEFAULT_PORT}, actions allowed to whoever presents the
 * token (a random one is made and logged at start when none is given), and the fields {@link #DEFAULT_REDACTED}
 * hidden wherever they appear in contexts, results, errors and audit details.
 */
public final class DashboardOptions {
    /** The default port. */
    public static final int DEFAULT_PORT = 8089;

    /** Field names hidden by default (compared without case, {@code -} and {@code _}). */
    public static final List<String> DEFAULT_REDACTED =
            List.of("password", "secret", "token", "card_number", "cvv", "ssn", "api_key");

    private final String host;
    private final int port;
    private final @Nullable String token;
    private final boolean readOnly;
    private final Set<String> redacted;

    private DashboardOptions(String host, int port, @Nullable String token, boolean readOnly, Set<String> redacted) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.readOnly = readOnly;
        this.redacted = Set.copyOf(redacted);
    }

    /** 127.0.0.1, port {@value #DEFAULT_PORT}, a generated token, actions allowed, the default redactions. */
    public static DashboardOptions defaults() {
        return new DashboardOptions("127.0.0.1", DEFAULT_PORT, null, false, new LinkedHashSet<>(DEFAULT_REDACTED));
    }

    /** The address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} exposes it to the network). */
    public DashboardOptions host(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("dashboard host must not be blank");
        }
        return new DashboardOptions(host, port, token, readOnly, redacted);
    }

    /** The port (0 picks a free one; {@link TaskerDashboard#port()} tells which). */
    public DashboardOptions port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("dashboard port must be 0..65535, got " + port);
        }
        return new DashboardOptions(host, port, token, readOnly, redacted);
    }

    /**
     * The secret that allows actions: sent as {@code Authorization: Bearer <token>} or typed into the login form.
     * At least 16 characters; null makes a random one at start (logged once).
     */
    public DashboardOptions token(@Nullable String token) {
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException(
                    "dashboard token must have at least 16 characters, got " + token.length());
        }
        return new DashboardOptions(host, port, token, readOnly, redacted);
    }

    /** Read-only: no action is offered and every action request is refused (403). */
    public DashboardOptions readOnly(boolean readOnly) {
        return new DashboardOptions(host, port, token, readOnly, redacted);
    }

    /** Hides these field names too, besides those already hidden. */
    public DashboardOptions redact(String... fieldNames) {
        Set<String> all = new LinkedHashSet<>(redacted);
        for (String name : fieldNames) {
            all.add(normalized(name));
        }
        return new DashboardOptions(host, port, token, readOnly, all);
    }

    /** Hides exactly these field names (an empty list hides nothing). */
    public DashboardOptions redactOnly(List<String> fieldNames) {
        Set<String> all = new LinkedHashSet<>();
        for (String name : fieldNames) {
            all.add(normalized(name));
        }
        return new DashboardOptions(host, port, token, readOnly, all);
    }

    /** The address to bind. */
    public String host() {
        return host;
    }

    /** The port (0: any free one). */
    public int port() {
        return port;
    }

    /** The token, or null when one is made at start. */
    public @Nullable String token() {
        return token;
    }

    /** Whether actions are refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The hidden field names, normalized (lower case, without {@code -} and {@code _}). */
    public Set<String> redacted() {
        return redacted;
    }

    /** A field name as redaction compares it: lower case, without {@code -} and {@code _}. */
    public static String normalized(String fieldName) {
        Objects.requireNonNull(fieldName, "fieldName");
        if (fieldName.isBlank()) {
            throw new IllegalArgumentException("redacted field name must not be blank");
        }
        return fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    @Override
    public String toString() {
        return "DashboardOptions[host=" + host + ", port=" + port + ", token=" + (token == null ? "generated" : "set")
                + ", readOnly=" + readOnly + ", redacted=" + redacted + "]";
    }
}
