package dev.tasker.engine.internal.run;

import dev.tasker.api.ErrorType;
import dev.tasker.engine.internal.support.ErrorText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every failed attempt, so a failing handler is never silent: one WARN line naming the task,
 * the step and the attempt, with the handler's stack trace (cut, as stored) when an exception
 * caused the failure. Messages stay out of the log (they may quote the data that failed): the trace
 * keeps class names and frames, and the stored error, shown by {@code ./tasker task}, has the rest. Failures the handler reported as retryable and that will be retried are
 * logged at INFO, still with the trace; the last attempt and permanent failures always at WARN.
 * The logger is {@code dev.tasker.engine.FailedAttempts}, to tune on its own.
 */
public final class FailedAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(FailedAttempts.class);

    private FailedAttempts() {}

    static void log(StepRun s, Outcome.Failed f, String nodeId) {
        boolean quiet = f.type() == ErrorType.RETRYABLE_ERROR
                && f.retryable()
                && s.definition.retry().shouldRetry(s.attempts, true);
        if (quiet ? !LOG.isInfoEnabled() : !LOG.isWarnEnabled()) {
            return;
        }
        String trace = f.stackTrace();
        String line = "step '" + s.name + "' of task " + s.task.id + " failed on attempt " + s.attempts + " of "
                + s.maxAttempts() + " (" + f.type().wireName() + (f.retryable() ? ", retryable" : "")
                + (f.errorCode() == null ? "" : ", code " + f.errorCode()) + "); the message is stored with the step"
                + (trace == null ? "" : ":\n" + ErrorText.withoutMessages(trace));
        try (LogContext ignored = LogContext.step(s, nodeId)) {
            if (quiet) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
    }
}
