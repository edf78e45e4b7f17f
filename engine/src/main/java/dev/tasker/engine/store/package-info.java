/**
 * What a store may throw at users: {@link dev.tasker.engine.store.StoreException} and its kinds (owned by
 * another engine, fenced, stale write, unreadable data). The storage port itself, for store modules only,
 * is in {@code dev.tasker.engine.store.spi}.
 */
package dev.tasker.engine.store;
