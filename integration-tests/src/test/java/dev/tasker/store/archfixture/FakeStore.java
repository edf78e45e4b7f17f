package dev.tasker.store.archfixture;

import dev.tasker.engine.TaskQuery;
import dev.tasker.engine.internal.archfixture.HiddenThing;
import dev.tasker.engine.store.spi.WorkflowStore;

/**
 * ArchitectureTest fixture: a store module class. Using the store SPI and public engine types is allowed; the
 * engine internal is not.
 */
public final class FakeStore {
    /** Allowed: the SPI. */
    public Class<?> spi() {
        return WorkflowStore.class;
    }

    /** Allowed: a public API type. */
    public TaskQuery query() {
        return TaskQuery.all();
    }

    /** Not allowed: an engine internal. */
    public Object internal() {
        return new HiddenThing();
    }
}
