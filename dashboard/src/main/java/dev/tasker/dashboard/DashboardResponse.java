package dev.tasker.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link DashboardHandler} answers; the server adapter writes it out as is.
 *
 * @param status the HTTP status
 * @param headers the response headers (security headers included)
 * @param body the body
 */
public record DashboardResponse(int status, Map<String, String> headers, byte[] body) {
    /** Copies the headers, keeping their order. */
    public DashboardResponse {
        Objects.requireNonNull(body, "body");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
