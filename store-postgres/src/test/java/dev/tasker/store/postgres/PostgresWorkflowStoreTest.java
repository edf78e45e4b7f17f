package dev.tasker.store.postgres;

import dev.tasker.store.jdbc.StoreFixture;
import dev.tasker.store.jdbc.WorkflowStoreContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on PostgreSQL (a fresh schema per test on the server {@code TASKER_TEST_POSTGRES_URL}
 * names; skipped when it is unset, failing when it is set and unreachable).
 */
class PostgresWorkflowStoreTest extends WorkflowStoreContractTest {
    @RegisterExtension
    final PostgresStoreExtension database = new PostgresStoreExtension();

    @Override
    protected StoreFixture fixture() {
        return database;
    }
}
