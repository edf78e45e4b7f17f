/**
 * PostgreSQL for the generic JDBC store (tasker-store-jdbc), found through {@link java.util.ServiceLoader}
 * ({@link dev.tasker.store.postgres.PostgresModule}). Public: {@link dev.tasker.store.postgres.PostgresDialect}.
 * Package-private: the registry of the engines sharing the database ({@code PostgresNodeRegistry}).
 */
package dev.tasker.store.postgres;
