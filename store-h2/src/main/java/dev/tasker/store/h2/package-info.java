/**
 * H2 for the generic JDBC store (tasker-store-jdbc), found through {@link java.util.ServiceLoader}
 * ({@link dev.tasker.store.h2.H2Module}). Public: {@link dev.tasker.store.h2.H2Dialect} (and
 * {@link dev.tasker.store.h2.H2Dialect#durableUrl(String)} for H2 URLs built elsewhere). Everything else here
 * is package-private: the guard that refuses an H2 file gone back in time ({@code StoreGeneration},
 * {@code StoreHeader}), the reopening after a failed write ({@code H2Sessions}) and the one-engine lock
 * ({@code H2StoreOwnership}). H2's internal MVStore API is used here and nowhere else.
 */
package dev.tasker.store.h2;
