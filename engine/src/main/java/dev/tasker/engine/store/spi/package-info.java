/**
 * The storage port, for store modules only (exported to them alone): what the engine needs from a
 * database, implemented by {@code tasker-store-jdbc} (with {@code tasker-store-h2} or
 * {@code tasker-store-postgres} for the database), found with {@link java.util.ServiceLoader} through
 * {@link dev.tasker.engine.store.spi.WorkflowStoreProvider}.
 *
 * <p>JSON travels as strings: the engine serializes on handler threads, so the single writer thread only
 * binds parameters. Every state change is a guarded update checked by its update count.
 */
package dev.tasker.engine.store.spi;
