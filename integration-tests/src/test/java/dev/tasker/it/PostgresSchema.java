package dev.tasker.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh schema per test on the PostgreSQL server that {@value #URL_VARIABLE} names, dropped with
 * everything in it after the test; {@link #url()} points an engine at it ({@code currentSchema=}).
 * Unset variable: the test is skipped, with a message saying how to enable it. Set but unreachable:
 * the test fails. (tasker-store-postgres's PostgresStoreExtension follows the same rule for the store;
 * this one is its engine-level twin, kept small rather than shared through a test jar.)
 */
final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {
    static final String URL_VARIABLE = "TASKER_TEST_POSTGRES_URL";
    /** Test classes already told about the skip, so the console says it once per class. */
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private String serverUrl;
    private String schema;

    @Override
    public void beforeEach(ExtensionContext context) {
        serverUrl = System.getenv(URL_VARIABLE);
        if (serverUrl == null || serverUrl.isBlank()) {
            String message = "PostgreSQL tests skipped: " + URL_VARIABLE + " is not set; set it to run them, e.g. "
                    + URL_VARIABLE + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' (.ci/run sets it)";
            if (TOLD.add(context.getRequiredTestClass().getName())) {
                System.err.println("[" + context.getRequiredTestClass().getSimpleName() + "] " + message);
            }
            Assumptions.abort(message);
        }
        String candidate =
                "tasker_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            execute("CREATE SCHEMA " + candidate);
        } catch (SQLException e) {
            fail(
                    URL_VARIABLE + " is set to " + serverUrl + ", but PostgreSQL cannot be used there: "
                            + e.getMessage() + " (SQLState " + e.getSQLState()
                            + "). Start the server, or unset the variable to skip these tests.",
                    e);
        }
        schema = candidate;
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
    }

    /** The JDBC URL of this test's schema. */
    String url() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
