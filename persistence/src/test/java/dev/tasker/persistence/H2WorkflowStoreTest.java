package dev.tasker.persistence;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2 (an in-memory database per test). */
class H2WorkflowStoreTest extends WorkflowStoreContractTest {
    @RegisterExtension
    final H2StoreExtension database = new H2StoreExtension();

    @Override
    protected StoreFixture fixture() {
        return database;
    }
}
