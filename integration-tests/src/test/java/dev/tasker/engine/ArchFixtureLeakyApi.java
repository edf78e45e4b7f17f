package dev.tasker.engine;

import dev.tasker.engine.internal.archfixture.HiddenThing;
import dev.tasker.engine.store.StoreException;
import dev.tasker.engine.store.spi.WorkflowStore;
import java.util.List;

/**
 * ArchitectureTest fixture: a public type of the public package whose signatures leak. Two public members break
 * the rule (an internal type inside a generic, a store SPI type); the rest are allowed and must not be reported.
 */
public final class ArchFixtureLeakyApi {

    /** Leaks an internal type as a type argument. */
    public List<HiddenThing> leaksInternal() {
        return List.of();
    }

    /** Leaks a store SPI type that is not an exception. */
    public void leaksStoreSpi(WorkflowStore store) {}

    /** Allowed: the store SPI's exceptions may appear in public signatures. */
    public void throwsStoreException() throws StoreException {}

    /** Allowed: deprecated members are exempt. */
    @Deprecated
    public HiddenThing deprecatedLeak() {
        return new HiddenThing();
    }

    /** Allowed: not public. */
    HiddenThing packagePrivateLeak() {
        return new HiddenThing();
    }
}
