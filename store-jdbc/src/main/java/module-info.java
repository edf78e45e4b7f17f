/** The generic JDBC store; the database modules plug into it through {@code DatabaseModule}. */
module dev.tasker.store.jdbc {
    requires transitive dev.tasker.engine;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports dev.tasker.store.jdbc;

    uses dev.tasker.store.jdbc.DatabaseModule;

    provides dev.tasker.engine.store.spi.WorkflowStoreProvider with
            dev.tasker.store.jdbc.JdbcWorkflowStoreProvider;
}
