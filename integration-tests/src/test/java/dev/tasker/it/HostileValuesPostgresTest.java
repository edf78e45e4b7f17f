package dev.tasker.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HostileValuesContract} on PostgreSQL (a fresh schema per test on TASKER_TEST_POSTGRES_URL). */
class HostileValuesPostgresTest extends HostileValuesContract {
    @RegisterExtension
    final PostgresSchema database = new PostgresSchema();

    @Override
    String url() {
        return database.url();
    }
}
