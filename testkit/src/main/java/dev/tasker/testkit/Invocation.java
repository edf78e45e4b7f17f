package dev.tasker.testkit;

import java.time.Instant;
import java.util.UUID;

/**
 * One call of a step's handler in a {@link TaskerTestEnvironment}: which task and step, which attempt, when
 * (on the manual clock), and whether the real handler ran or the kit injected something instead.
 *
 * @param taskId the task
 * @param step the step's name
 * @param attempt the attempt, 1-based
 * @param at the manual clock's time when the call started
 * @param kind what ran
 */
public record Invocation(UUID taskId, String step, int attempt, Instant at, Kind kind) {

    /** What a call ran. */
    public enum Kind {
        /** The real handler. */
        HANDLER,
        /** An injected retryable failure ({@link StepFaults#failTimes}). */
        FAILURE,
        /** An injected exception ({@link StepFaults#throwing}). */
        EXCEPTION,
        /** An injected hang until interrupted ({@link StepFaults#hang}). */
        HANG,
        /** An injected crash of the engine ({@link StepFaults#crash}). */
        CRASH
    }
}
