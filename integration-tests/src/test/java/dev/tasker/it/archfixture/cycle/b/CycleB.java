package dev.tasker.it.archfixture.cycle.b;

import dev.tasker.it.archfixture.cycle.a.CycleA;

/** ArchitectureTest fixture: the other half of a package cycle. */
public final class CycleB {
    /** Depends back on the first package. */
    public CycleA other() {
        return new CycleA();
    }
}
