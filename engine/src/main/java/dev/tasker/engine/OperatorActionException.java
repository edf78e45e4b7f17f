package dev.tasker.engine;

/** An operator action does not apply to the task or step in its current state; nothing was changed. */
public class OperatorActionException extends TaskerException {
    private static final long serialVersionUID = 1L;

    /** @param message which action, on what, and why it does not apply */
    public OperatorActionException(String message) {
        super(message);
    }
}
