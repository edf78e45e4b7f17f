package dev.tasker.engine.internal.run;

import java.util.UUID;

/** What the engine loop offers the threads around it: its inbox and a look at the tasks it holds. */
public interface LiveTasks {
    /** Hands a command to the loop; ignored once the loop has stopped. */
    void post(Command command);

    /** True when the loop holds the task in memory. */
    boolean holds(UUID taskId);

    /** How many tasks the loop holds in memory. */
    int count();
}
