package dev.tasker.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh {@code jdbc:h2:mem:<random>} database behind a HikariCP pool the extension
 * owns, opens the store on it through the provider, and after the test checks that the store returned
 * every connection it borrowed, then drops the database.
 */
final class H2StoreExtension implements BeforeEachCallback, AfterEachCallback, StoreFixture {
    private final List<WorkflowStore> stores = new ArrayList<>();
    private HikariDataSource pool;
    private String url;

    @Override
    public void beforeEach(ExtensionContext context) {
        url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("test-" + context.getDisplayName());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        stores.forEach(WorkflowStore::close);
        stores.clear();
        int active = pool.getHikariPoolMXBean().getActiveConnections();
        pool.close();
        // DB_CLOSE_DELAY=-1 keeps the database after its last connection closes; drop it.
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        assertEquals(0, active, "connections still borrowed after the test: the store leaked them");
    }

    /** The URL of this test's database. */
    String url() {
        return url;
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
}
