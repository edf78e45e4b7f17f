package dev.tasker.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
import dev.tasker.store.jdbc.StoreFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh schema ({@code CREATE SCHEMA tasker_test_<random>}) on the PostgreSQL server that
 * the environment variable {@value #URL_VARIABLE} names, a HikariCP pool whose connections work in that
 * schema ({@code currentSchema=}), and the store opened on it through the provider. After the test it checks
 * that the store returned every connection it borrowed and drops the schema with everything in it.
 *
 * <p>The variable decides: unset, the tests are skipped (reported as such, with how to enable them); set
 * but the server cannot be reached, they fail, so a CI run that means to test PostgreSQL cannot pass
 * without it.
 */
final class PostgresStoreExtension implements BeforeEachCallback, AfterEachCallback, StoreFixture {
    static final String URL_VARIABLE = "TASKER_TEST_POSTGRES_URL";
    private static final String HOW_TO_ENABLE = "set " + URL_VARIABLE + " to run them, e.g. " + URL_VARIABLE
            + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' (.ci/run sets it)";
    /** Test classes already told about the skip, so the console says it once per class. */
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();
    /** The first failure to reach the server: later tests fail at once instead of waiting again. */
    private static volatile String unreachable;

    private final List<WorkflowStore> stores = new ArrayList<>();
    private String serverUrl;
    private String schema;
    private String url;
    private HikariDataSource pool;

    /**
     * The server URL from the environment; skips the calling test when it is unset and fails it when the
     * server cannot be reached.
     */
    static String serverUrl(ExtensionContext context) {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String message = "PostgreSQL tests skipped: " + URL_VARIABLE + " is not set; " + HOW_TO_ENABLE;
            if (TOLD.add(context.getRequiredTestClass().getName())) {
                System.err.println("[" + context.getRequiredTestClass().getSimpleName() + "] " + message);
            }
            Assumptions.abort(message);
        }
        if (unreachable != null) {
            fail(unreachable);
        }
        return url;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        serverUrl = serverUrl(context);
        String candidate =
                "tasker_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            execute(serverUrl, "CREATE SCHEMA " + candidate);
        } catch (SQLException e) {
            unreachable = URL_VARIABLE + " is set to " + JdbcWorkflowStoreProvider.withoutPassword(serverUrl)
                    + ", but the PostgreSQL tests cannot use it: "
                    + new PostgresDialect().explain(e, serverUrl).orElse(e.getMessage())
                    + " [" + e.getMessage() + "]. Start the server, or unset the variable to skip these tests.";
            fail(unreachable, e);
        }
        schema = candidate;
        url = withParameter(serverUrl, "currentSchema", schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("test-" + context.getDisplayName());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema == null) {
            return; // skipped or failed before the schema existed
        }
        stores.forEach(WorkflowStore::close);
        stores.clear();
        int active = pool.getHikariPoolMXBean().getActiveConnections();
        pool.close();
        execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
        schema = null;
        assertEquals(0, active, "connections still borrowed after the test: the store leaked them");
    }

    /** The URL of this test's schema (the server URL with {@code currentSchema=}). */
    String url() {
        return url;
    }

    /** The server URL the environment gave, without a schema. */
    String serverUrl() {
        return serverUrl;
    }

    @Override
    public WorkflowStore store() {
        return stores.isEmpty() ? reopen() : stores.get(0);
    }

    @Override
    public WorkflowStore reopen() {
        WorkflowStore store = new JdbcWorkflowStoreProvider().open(new StoreConfig(pool, null, null, null, 1, null));
        stores.add(store);
        return store;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    /** The URL with {@code name=value} added to its parameters. */
    static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
