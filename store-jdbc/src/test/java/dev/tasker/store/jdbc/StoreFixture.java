package dev.tasker.store.jdbc;

import dev.tasker.engine.store.spi.WorkflowStore;
import javax.sql.DataSource;

/** A database prepared for one test, as the store contract test sees it. */
public interface StoreFixture {
    /** The store under test, opened on a fresh database. */
    WorkflowStore store();

    /** Opens another store on the same database (as a restarted engine would); closed after the test. */
    WorkflowStore reopen();

    /** The database itself, for checks the port has no method for. */
    DataSource dataSource();
}
