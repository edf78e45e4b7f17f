package dev.tasker.engine.store.spi;

/**
 * Opens a {@link WorkflowStore}; found with {@link java.util.ServiceLoader} so that the engine does not
 * depend on the store modules (tasker-store-jdbc registers one: {@code META-INF/services/dev.tasker.engine.store.spi.WorkflowStoreProvider}).
 */
public interface WorkflowStoreProvider {

    /**
     * Connects, detects (or takes) the dialect, applies pending schema migrations and returns the store. With
     * {@link StoreConfig#migrate()} false it applies nothing and creates nothing: a database without the schema,
     * or with an older one, is refused with a {@code StoreException} naming it ("no Tasker schema at ...").
     *
     * @throws dev.tasker.engine.store.StoreException with a clear message when the database cannot be reached or is locked
     */
    WorkflowStore open(StoreConfig config);
}
