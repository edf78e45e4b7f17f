package dev.tasker.engine.store;

import java.util.List;
import java.util.UUID;

/**
 * A guarded update found a row not in its expected state (another node or an operator changed it),
 * so the whole batch was rolled back. {@link #taskIds()} names the tasks whose rows disagreed; the
 * engine reloads them from the database and applies the rest of the batch again.
 */
public class StaleWriteException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final List<UUID> taskIds;

    /** @param message what disagreed; @param taskIds the tasks whose rows disagreed */
    public StaleWriteException(String message, List<UUID> taskIds) {
        super(message);
        this.taskIds = List.copyOf(taskIds);
    }

    /** The tasks whose stored rows were not in the expected state. */
    public List<UUID> taskIds() {
        return taskIds;
    }
}
