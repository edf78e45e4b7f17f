package dev.tasker.engine.archfixture;

import dev.tasker.store.archfixture.FakeStore;

/** ArchitectureTest fixture: engine code touching a database driver and a store module. */
public final class TouchesDatabases {
    /** Uses the H2 driver. */
    public Class<?> h2() {
        return org.h2.Driver.class;
    }

    /** Uses a store module. */
    public Object store() {
        return new FakeStore();
    }
}
