/** PostgreSQL for the JDBC store: the dialect, the node registry of a cluster and the schema files. */
module dev.tasker.store.postgres {
    requires dev.tasker.store.jdbc;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    provides dev.tasker.store.jdbc.DatabaseModule with
            dev.tasker.store.postgres.PostgresModule;
}
