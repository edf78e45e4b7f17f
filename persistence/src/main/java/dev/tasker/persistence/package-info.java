/**
 * The engine's storage port ({@link dev.tasker.engine.store.WorkflowStore}) over plain JDBC, for H2 and
 * PostgreSQL. Found by the engine with {@link java.util.ServiceLoader}.
 *
 * <p>Public: {@link dev.tasker.persistence.JdbcWorkflowStoreProvider} (opens a store),
 * {@link dev.tasker.persistence.JdbcWorkflowStore} (the store), {@link dev.tasker.persistence.SqlDialect},
 * {@link dev.tasker.persistence.H2Dialect} and {@link dev.tasker.persistence.PostgresDialect} (what differs
 * between databases, and
 * {@link dev.tasker.persistence.H2Dialect#durableUrl(String)} for H2 URLs built elsewhere). Everything else
 * here is package-private: the JDBC helper, the row mappings, the batch writer, the migrations, and the
 * guard that refuses an H2 file gone back in time ({@code StoreGeneration}).
 */
package dev.tasker.persistence;
