package dev.tasker.engine.store;

import dev.tasker.engine.TaskerException;

/**
 * The database failed (gone, full, locked by another process, ...). The message says what the store
 * was doing and what the database said; nothing of the failed transaction was written.
 */
public class StoreException extends TaskerException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public StoreException(String message) {
        super(message);
    }

    /** @param message what failed; @param cause the SQL exception */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
