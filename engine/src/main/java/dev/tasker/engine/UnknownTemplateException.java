package dev.tasker.engine;

/** A request named a template the engine has not loaded. */
public class UnknownTemplateException extends TaskerException {
    private static final long serialVersionUID = 1L;

    /** @param message which template, and which ones are loaded */
    public UnknownTemplateException(String message) {
        super(message);
    }
}
