package dev.tasker.store.h2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasker.store.jdbc.StoreFixture;
import dev.tasker.store.jdbc.WorkflowStoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on H2 (an in-memory database per test). */
class H2WorkflowStoreTest extends WorkflowStoreContractTest {
    @RegisterExtension
    final H2StoreExtension database = new H2StoreExtension();

    @Override
    protected StoreFixture fixture() {
        return database;
    }

    @Test
    void an_h2_store_has_no_node_registry_but_an_owner_since_one_engine_owns_it() {
        assertTrue(database.store().nodes().isEmpty());
        assertTrue(database.store().ownership().isPresent());
    }
}
