package dev.tasker.engine;

/** A task request was refused before anything was stored: it names what is wrong with the request. */
public class TaskRequestException extends TaskerException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the request */
    public TaskRequestException(String message) {
        super(message);
    }
}
