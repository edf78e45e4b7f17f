package dev.tasker.dashboard;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the {@link DashboardHandler} sees it, made by the server adapter.
 *
 * @param method the HTTP method
 * @param path the path below the dashboard's mount point, starting with {@code /}
 * @param query the raw query string, or empty
 * @param headers the request headers (first value each; names compared without case)
 * @param body the request body (empty for none)
 * @param principal the user the host application authenticated (a servlet container's principal), or null
 */
public record DashboardRequest(
        String method,
        String path,
        String query,
        Map<String, String> headers,
        byte[] body,
        @Nullable String principal) {
    /** Checks the parts; header names become case-insensitive. */
    public DashboardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = java.util.Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body;
    }

    /** A header's value, or null. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
