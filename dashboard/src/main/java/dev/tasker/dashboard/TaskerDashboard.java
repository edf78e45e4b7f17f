package dev.tasker.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tasker.engine.TaskerOperations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard on its own port, served by the JDK's built-in HTTP server ({@code com.sun.net.httpserver}) with a
 * virtual thread per request: no dependency, and nothing runs on the engine's threads. Requests only read the
 * database through {@link TaskerOperations} (and {@code Tasker.stats()}, a snapshot the engine refreshes anyway),
 * so an open dashboard costs the engine's loop nothing; actions go through the same operator methods as the
 * command line.
 *
 * <pre>{@code
 * try (TaskerDashboard dashboard = TaskerDashboard.start(tasker, DashboardOptions.defaults())) {
 *     System.out.println("dashboard at " + dashboard.url());
 *     ...
 * }
 * }</pre>
 */
public final class TaskerDashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskerDashboard.class);
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final URI url;

    private TaskerDashboard(HttpServer server, ExecutorService executor, String token, URI url) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.url = url;
    }

    /**
     * Starts the dashboard over an engine or an operator client.
     *
     * @throws UncheckedIOException when the address cannot be bound (port in use), naming it
     */
    public static TaskerDashboard start(TaskerOperations operations, DashboardOptions options) {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(options, "options");
        String token = options.token() == null ? Sessions.secret() : options.token();
        DashboardHandler handler = new DashboardHandler(operations, options, token);
        HttpServer server;
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        try {
            server = HttpServer.create(address, 50);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the Tasker dashboard on " + options.host() + ":" + options.port() + ": "
                            + e.getMessage(),
                    e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tasker-dashboard-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(handler, exchange));
        server.start();
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
        if (options.token() == null && !options.readOnly()) {
            LOG.info("Tasker dashboard at {} (actions need the token {})", url, token);
        } else {
            LOG.info("Tasker dashboard at {}{}", url, options.readOnly() ? " (read-only)" : "");
        }
        return new TaskerDashboard(server, executor, token, url);
    }

    private static void serve(DashboardHandler handler, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
            DashboardResponse response = handler.handle(
                    new DashboardRequest(exchange.getRequestMethod(), path, uri.getRawQuery(), headers, body, null));
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v)));
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /** Where the dashboard answers, such as {@code http://127.0.0.1:8089/}. */
    public URI url() {
        return url;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The token that allows actions (the given one, or the one made at start). */
    public String token() {
        return token;
    }

    /** Stops serving (open requests get a second to finish). */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
