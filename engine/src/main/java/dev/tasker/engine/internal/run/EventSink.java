package dev.tasker.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.engine.EventStats;
import dev.tasker.engine.store.spi.WriteBatch;

/**
 * Where the loop reports step outcomes (for declared domain events) and commits (for lifecycle listeners);
 * implemented by {@code internal.events.DomainEvents}. {@link #NONE} when nobody listens.
 */
public interface EventSink {
    /** Nobody listens: nothing fired, nothing counted. */
    EventSink NONE = new EventSink() {
        @Override
        public void onOutcome(StepRun s, boolean success, boolean willRetry, JsonNode error, Cycle cy) {}

        @Override
        public void committed(WriteBatch batch) {}

        @Override
        public EventStats stats() {
            return new EventStats(0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {}
    };

    /** Fires the step's declared events for this outcome; runs on the loop thread. */
    void onOutcome(StepRun s, boolean success, boolean willRetry, JsonNode error, Cycle cy);

    /** Hands the committed transitions to the lifecycle listeners; called on the loop after each commit. */
    void committed(WriteBatch batch);

    EventStats stats();

    void close();
}
