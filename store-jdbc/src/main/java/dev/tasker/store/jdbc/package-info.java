/**
 * The engine's storage port ({@link dev.tasker.engine.store.spi.WorkflowStore}) over plain JDBC, for any database
 * a module on the classpath supports (tasker-store-h2, tasker-store-postgres). Found by the engine with
 * {@link java.util.ServiceLoader}; it finds the database modules the same way ({@link dev.tasker.store.jdbc.DatabaseModule}).
 *
 * <p>Public for applications: {@link dev.tasker.store.jdbc.JdbcWorkflowStoreProvider} (opens a store),
 * {@link dev.tasker.store.jdbc.JdbcWorkflowStore} (the store), {@link dev.tasker.store.jdbc.SqlDialect} (what
 * differs between databases). Public for the database modules only: {@link dev.tasker.store.jdbc.DatabaseModule}
 * and what its hooks receive ({@link dev.tasker.store.jdbc.Jdbc} with its {@code Parameters} and
 * {@code ResultRow}, {@link dev.tasker.store.jdbc.SqlFailures}, {@code SqlFailureKind}, {@code IdChunks}).
 * Everything else here is package-private: the row mappings, the batch writer, the migrations runner.
 */
package dev.tasker.store.jdbc;
