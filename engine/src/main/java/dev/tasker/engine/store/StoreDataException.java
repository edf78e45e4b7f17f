package dev.tasker.engine.store;

/**
 * The database refused the data of a write, not the write itself: a value it cannot encode, one too large
 * for its column, a broken constraint. Writing the same rows again fails again, so the engine does not
 * retry: it fails the task whose rows they were and carries on with the others. The message names the
 * table, the operation and the SQLState, never the values.
 */
public class StoreDataException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed; @param cause the database's failure, without its text */
    public StoreDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
