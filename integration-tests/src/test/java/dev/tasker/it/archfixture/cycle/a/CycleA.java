package dev.tasker.it.archfixture.cycle.a;

import dev.tasker.it.archfixture.cycle.b.CycleB;

/** ArchitectureTest fixture: half of a package cycle. */
public final class CycleA {
    /** Depends on the other package. */
    public CycleB other() {
        return new CycleB();
    }
}
