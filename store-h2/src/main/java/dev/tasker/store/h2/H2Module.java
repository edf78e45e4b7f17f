package dev.tasker.store.h2;

import dev.tasker.store.jdbc.DatabaseModule;
import dev.tasker.store.jdbc.Jdbc;
import dev.tasker.store.jdbc.SqlDialect;
import dev.tasker.store.jdbc.SqlFailures;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * H2 for the generic JDBC store, registered for {@link java.util.ServiceLoader}: the {@link H2Dialect}, the
 * guard that refuses a file gone back in time ({@link StoreGeneration}), the reopening of a database H2
 * closed after a failed write ({@link H2Sessions}) and the lock one engine at a time holds
 * ({@link H2StoreOwnership}).
 */
public final class H2Module implements DatabaseModule {
    private final H2Dialect dialect = new H2Dialect();

    /** Used by {@link java.util.ServiceLoader}. */
    public H2Module() {}

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public Optional<GenerationGuard> inspect(String jdbcUrl, String username, String password) {
        return StoreGeneration.inspect(jdbcUrl, username, password).map(DatabaseModule.GenerationGuard.class::cast);
    }

    @Override
    public Optional<GenerationGuard> guardOpened(String jdbcUrl) {
        return StoreGeneration.forOpened(jdbcUrl).map(DatabaseModule.GenerationGuard.class::cast);
    }

    /**
     * An embedded H2 database closes itself when it cannot write its file (a full disk): the store then drops
     * its connections so that it reopens the file by itself once it can.
     */
    @Override
    public Jdbc.FailureHook failureHook(DataSource dataSource, String jdbcUrl) {
        return new H2Sessions(dataSource, H2Dialect.fileOf(jdbcUrl).orElse(null));
    }

    @Override
    public Optional<HeldOwnership> ownership(
            Jdbc jdbc, ConnectionSource connections, String database, SqlFailures failures) {
        return Optional.of(new H2StoreOwnership(jdbc, connections, database, failures));
    }
}
