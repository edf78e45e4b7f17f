package dev.tasker.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tasker.dashboard.*}: the embedded dashboard mounted on the application's server (module
 * {@code tasker-dashboard} on the class path and {@code tasker.dashboard.enabled=true}).
 */
@ConfigurationProperties(prefix = "tasker.dashboard")
public class TaskerDashboardProperties {
    /** Mount the dashboard on the application's server (default false). */
    private boolean enabled;

    /** Where it is mounted (default /tasker). */
    private String path = "/tasker";

    /**
     * The token that allows actions for callers the application did not sign in (bearer or login form); without
     * one, only the application's signed-in users may act.
     */
    private @Nullable String token;

    /** Refuse every action. */
    private boolean readOnly;

    /** Field names hidden besides the defaults (password, secret, token, card_number, cvv, ssn, api_key). */
    private List<String> redact = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public @Nullable String getToken() {
        return token;
    }

    public void setToken(@Nullable String token) {
        this.token = token;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public List<String> getRedact() {
        return redact;
    }

    public void setRedact(List<String> redact) {
        this.redact = redact;
    }
}
