package dev.tasker.store.h2;

import dev.tasker.store.jdbc.PurgeContractTest;
import dev.tasker.store.jdbc.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention's purge on H2 (an in-memory database per test). */
class H2PurgeTest extends PurgeContractTest {
    @RegisterExtension
    final H2StoreExtension database = new H2StoreExtension();

    @Override
    protected StoreFixture fixture() {
        return database;
    }
}
