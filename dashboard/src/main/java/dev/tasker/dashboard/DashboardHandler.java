package dev.tasker.dashboard;

import dev.tasker.engine.TaskerOperations;
import java.util.Objects;

/**
 * The dashboard's request-handling core, independent of any server: it answers its own paths (the page, its
 * assets, the JSON API and the actions) and 404 for anything else. {@link TaskerDashboard} mounts it on the JDK's
 * HTTP server; a servlet adapter can mount it on an application's server, passing the signed-in principal.
 *
 * <p>Thread-safe.
 */
public final class DashboardHandler {
    private final Routes routes;

    /**
     * A handler over the engine (or an operator client).
     *
     * @param operations what the pages read and the actions call
     * @param options read-only mode and redaction (host and port are the adapter's business)
     * @param token the secret that allows actions (bearer or login form)
     */
    public DashboardHandler(TaskerOperations operations, DashboardOptions options, String token) {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(token, "token");
        this.routes = new Routes(operations, options, token);
    }

    /** Answers one request; never throws (errors become JSON with a status). */
    public DashboardResponse handle(DashboardRequest request) {
        return routes.handle(Objects.requireNonNull(request, "request"));
    }
}
