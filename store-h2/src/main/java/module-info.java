/** H2 for the JDBC store: the dialect, the embedded database's file handling and the schema files. */
module dev.tasker.store.h2 {
    requires dev.tasker.store.jdbc;
    requires com.h2database;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    provides dev.tasker.store.jdbc.DatabaseModule with
            dev.tasker.store.h2.H2Module;
}
