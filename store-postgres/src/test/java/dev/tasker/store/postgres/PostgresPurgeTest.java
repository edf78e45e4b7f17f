package dev.tasker.store.postgres;

import dev.tasker.store.jdbc.PurgeContractTest;
import dev.tasker.store.jdbc.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention's purge on PostgreSQL (a fresh schema per test on {@code TASKER_TEST_POSTGRES_URL}; skipped when it
 * is unset, failing when it is set and unreachable).
 */
class PostgresPurgeTest extends PurgeContractTest {
    @RegisterExtension
    final PostgresStoreExtension database = new PostgresStoreExtension();

    @Override
    protected StoreFixture fixture() {
        return database;
    }
}
