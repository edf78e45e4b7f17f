package dev.tasker.engine.store;

/**
 * Thrown when an engine is built on a database that another running engine owns ({@link dev.tasker.engine.store.spi.StoreOwnership}):
 * two engines would run the same tasks at once. The message says which engine owns it and what to do.
 */
public final class StoreOwnedException extends StoreException {
    /** @param message names the database, its owner and what to do */
    public StoreOwnedException(String message) {
        super(message);
    }
}
