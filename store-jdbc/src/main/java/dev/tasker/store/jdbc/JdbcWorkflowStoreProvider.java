package dev.tasker.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.StoreConfig;
import dev.tasker.engine.store.spi.WorkflowStore;
import dev.tasker.engine.store.spi.WorkflowStoreProvider;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link JdbcWorkflowStore}: connects, picks the {@link DatabaseModule} (and so the {@link SqlDialect})
 * among those on the classpath from the JDBC URL and the database's product name (or
 * {@link StoreConfig#dialect()}), applies pending schema migrations (or, with {@link StoreConfig#migrate()}
 * false, only checks that the schema is there and current) and logs the effective
 * configuration in one line. Registered for {@link java.util.ServiceLoader}.
 *
 * <p>Given a JDBC URL it creates a HikariCP pool named {@code tasker} of {@link StoreConfig#maxPoolSize()}
 * connections, which the store closes on {@code close()}; the dialect may first adjust the URL (H2 file
 * URLs get {@code WRITE_DELAY=0}, see H2Dialect). Given a DataSource it uses it and never closes it.
 *
 * <p>The database's module may look at it before the pool opens it ({@link DatabaseModule#inspect}): an
 * embedded H2 file is first looked at read-only and refused, untouched, when it holds less than the
 * generation marker beside it says the store reached (truncated, rolled back, replaced: see
 * {@code StoreGeneration} in tasker-store-h2). A URL of a database whose module is absent is refused with
 * the artifact to add.
 */
public final class JdbcWorkflowStoreProvider implements WorkflowStoreProvider {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWorkflowStoreProvider.class);

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcWorkflowStoreProvider() {}

    /** Connections a node sharing its database needs at least: the writer's, the listener's and one to read. */
    static final int SHARED_MIN_POOL = 3;

    @Override
    public WorkflowStore open(StoreConfig config) {
        Dialects dialects = Dialects.onClasspath();
        if (config.dataSource() != null) {
            return open(config, dialects, config.dataSource(), null, "application DataSource", null);
        }
        DatabaseModule urlModule =
                dialects.forUrl(config.dialect(), config.jdbcUrl()).orElse(null);
        SqlDialect urlDialect = urlModule == null ? null : urlModule.dialect();
        String url = urlDialect == null ? config.jdbcUrl() : urlDialect.prepareUrl(config.jdbcUrl());
        int size = config.maxPoolSize();
        if (urlDialect != null && urlDialect.sharedByNodes() && size < SHARED_MIN_POOL) {
            LOG.warn(
                    "a pool of {} connection(s) is too small for an engine sharing its database: it keeps one for"
                            + " writing and one for listening to other nodes; using {}",
                    size,
                    SHARED_MIN_POOL);
            size = SHARED_MIN_POOL;
        }
        // Before the pool opens an H2 file for writing (which would repair, and so destroy, a damaged one).
        Optional<DatabaseModule.GenerationGuard> generation = urlModule == null
                ? Optional.empty()
                : urlModule.inspect(config.jdbcUrl(), config.username(), config.password());
        HikariDataSource pool = createPool(config, size, url, new SqlFailures(urlDialect, url));
        try {
            return open(config, dialects, pool, pool, "pool 'tasker' of " + size + " connections", generation);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource createPool(StoreConfig config, int size, String url, SqlFailures failures) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tasker");
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(size);
        // Every unit of work is a transaction; starting connections that way saves a call per borrow.
        hikari.setAutoCommit(false);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's failure to make the first connection.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    throw failures.translate("open the database " + withoutPassword(url), sql);
                }
            }
            throw new StoreException(
                    "Could not create the connection pool for " + withoutPassword(url) + ": " + e.getMessage(), e);
        }
    }

    private static JdbcWorkflowStore open(
            StoreConfig config,
            Dialects dialects,
            DataSource dataSource,
            HikariDataSource ownedPool,
            String connections,
            Optional<DatabaseModule.GenerationGuard> inspected) {
        String poolUrl = ownedPool == null ? null : ownedPool.getJdbcUrl();
        Database database = Database.of(dataSource, poolUrl, dialects);
        DatabaseModule module = dialects.choose(config.dialect(), database.product());
        SqlDialect dialect = module.dialect();
        String url = poolUrl == null ? database.url() : poolUrl;
        // An embedded H2 database closes itself when it cannot write its file (a full disk): the store then
        // drops its connections so that it reopens the file by itself once it can (see H2Sessions).
        Jdbc.FailureHook hook = module.failureHook(dataSource, url);
        Jdbc jdbc = new Jdbc(dataSource, dialect, new SqlFailures(dialect, url), hook);
        // An application's DataSource opened its H2 file unseen; and H2 may have rewound a file it opened for
        // writing after the read-only look. Checked again before the migrations write anything.
        Optional<DatabaseModule.GenerationGuard> generation = inspected != null ? inspected : module.guardOpened(url);
        generation.ifPresent(g -> g.checkOpened(jdbc));
        int schema;
        if (config.migrate()) {
            schema = new Migrations(jdbc, dialect).apply();
            generation.ifPresent(g -> g.raiseGeneration(jdbc));
        } else {
            // Opened to read (a tool): nothing is created, migrated or recorded.
            schema = new Migrations(jdbc, dialect).verify(withoutPassword(url));
        }
        Optional<String> warning = jdbc.inTransaction("read the durability settings", dialect::durabilityWarning);
        String description = database.product() + " " + database.version() + ", dialect " + dialect.name()
                + ", schema V" + schema + ", " + withoutPassword(url)
                + ", " + connections + warning.map(w -> ", " + w).orElse("");
        if (warning.isPresent()) {
            LOG.warn("Tasker store: {}", description);
        } else {
            LOG.info("Tasker store: {}", description);
        }
        DatabaseModule.HeldOwnership ownership = module.ownership(
                        jdbc,
                        ownedPool == null
                                ? dataSource::getConnection
                                : () -> DriverManager.getConnection(poolUrl, config.username(), config.password()),
                        dialect.databaseFile(url).orElse(withoutPassword(url)),
                        new SqlFailures(dialect, url))
                .orElse(null);
        DatabaseModule.SharedNodes nodes = module.nodes(jdbc).orElse(null);
        return new JdbcWorkflowStore(jdbc, dialect, description, ownedPool, generation.orElse(null), ownership, nodes);
    }

    /** The URL with password values masked ({@code password=...}, {@code user:secret@host}). */
    public static String withoutPassword(String url) {
        if (url == null) {
            return "(URL unknown)";
        }
        return url.replaceAll("(?i)((?:password|pwd)=)[^;&]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }

    /** What the driver says about the database. */
    private record Database(String product, String version, String url) {
        static Database of(DataSource dataSource, String poolUrl, Dialects dialects) {
            try (Connection connection = dataSource.getConnection()) {
                DatabaseMetaData metaData = connection.getMetaData();
                return new Database(
                        metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion(), metaData.getURL());
            } catch (SQLException e) {
                SqlDialect dialect = poolUrl == null
                        ? null
                        : dialects.serving(poolUrl).map(DatabaseModule::dialect).orElse(null);
                throw new SqlFailures(dialect, poolUrl).translate("connect to the database", e);
            }
        }
    }
}
