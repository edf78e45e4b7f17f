package dev.tasker.engine.internal.run;

import dev.tasker.engine.store.spi.StoreOwnership;
import java.util.Optional;
import java.util.UUID;

/**
 * For an operator client on a database that one engine runs at a time (H2): the engine that runs it now,
 * which holds the database's tasks in memory, so the client must not change them behind it. {@link #NONE}
 * for an engine (it is that engine) and for databases without such a lock.
 */
public interface RunningOwner {
    RunningOwner NONE = new RunningOwner() {
        @Override
        public Optional<String> runningOwner() {
            return Optional.empty();
        }

        @Override
        public void requestCancel(UUID taskId, String who, String why) {
            throw new IllegalStateException("no engine runs the database");
        }
    };

    /** The engine that runs the database now, if one does. */
    Optional<String> runningOwner();

    /** Records a cancel for the running engine, which applies it. */
    void requestCancel(UUID taskId, String who, String why);

    /** The running engine as the store's ownership lock tells. */
    static RunningOwner of(StoreOwnership lock) {
        return new RunningOwner() {
            @Override
            public Optional<String> runningOwner() {
                return lock.runningOwner();
            }

            @Override
            public void requestCancel(UUID taskId, String who, String why) {
                lock.requestCancel(taskId, who, why);
            }
        };
    }
}
