package dev.tasker.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The static files of the dashboard, read from the jar. Only the names listed here are served, so no request
 * path can reach another resource (no traversal, no class files).
 */
final class Assets {
    private static final String ROOT = "/dev/tasker/dashboard/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    /** One served file. */
    public record Asset(String contentType, byte[] bytes) {}

    private final Map<String, Asset> loaded;

    /** Reads every asset once. */
    public Assets() {
        var all = new java.util.HashMap<String, Asset>();
        TYPES.forEach((name, type) -> {
            try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset missing from the jar: " + ROOT + name);
                }
                all.put(name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        });
        loaded = Map.copyOf(all);
    }

    /** The asset with this exact name. */
    public Optional<Asset> find(String name) {
        return Optional.ofNullable(loaded.get(name));
    }
}
