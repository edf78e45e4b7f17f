package dev.tasker.engine.store.spi;

import javax.sql.DataSource;

/**
 * How to reach the database: either a {@link DataSource} the application owns, or a JDBC URL for
 * which the store creates (and later closes) its own connection pool.
 *
 * @param dataSource the application's DataSource, or null
 * @param jdbcUrl a JDBC URL, used when dataSource is null
 * @param username the user for jdbcUrl, or null
 * @param password the password for jdbcUrl, or null
 * @param maxPoolSize the pool size for jdbcUrl
 * @param dialect a dialect name to force ({@code h2}, {@code postgresql}), or null to detect it
 * @param migrate whether opening may create the schema and apply pending migrations; when false the database
 *        must already hold the schema at the version the store expects, and opening writes nothing (tools that
 *        only read, such as the command line's read commands, against a database that may not be Tasker's)
 */
public record StoreConfig(
        DataSource dataSource,
        String jdbcUrl,
        String username,
        String password,
        int maxPoolSize,
        String dialect,
        boolean migrate) {
    /** Checks that one way to connect is given. */
    public StoreConfig {
        if (dataSource == null && (jdbcUrl == null || jdbcUrl.isBlank())) {
            throw new IllegalArgumentException("a DataSource or a JDBC URL is required");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
    }

    /** A configuration whose opening creates or migrates the schema as needed. */
    public StoreConfig(
            DataSource dataSource, String jdbcUrl, String username, String password, int maxPoolSize, String dialect) {
        this(dataSource, jdbcUrl, username, password, maxPoolSize, dialect, true);
    }
}
