package dev.tasker.testkit.archfixture;

import dev.tasker.engine.internal.archfixture.HiddenThing;

/** ArchitectureTest fixture: a module outside the engine reaching into its internals. */
public final class UsesEngineInternals {
    /** Uses an engine internal. */
    public Object reach() {
        return new HiddenThing();
    }
}
