package dev.tasker.store.postgres;

import dev.tasker.store.jdbc.DatabaseModule;
import dev.tasker.store.jdbc.Jdbc;
import dev.tasker.store.jdbc.SqlDialect;
import java.util.Optional;

/**
 * PostgreSQL for the generic JDBC store, registered for {@link java.util.ServiceLoader}: the
 * {@link PostgresDialect} and the registry of the engines (nodes) that share the database
 * ({@link PostgresNodeRegistry}).
 */
public final class PostgresModule implements DatabaseModule {
    private final PostgresDialect dialect = new PostgresDialect();

    /** Used by {@link java.util.ServiceLoader}. */
    public PostgresModule() {}

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public Optional<SharedNodes> nodes(Jdbc jdbc) {
        return Optional.of(new PostgresNodeRegistry(jdbc, jdbc.dataSource()));
    }
}
