package dev.tasker.engine;

/**
 * A value given to the engine breaks its {@link Limits} or cannot be represented as JSON (too large, nested
 * too deep, a number too large or not finite, a cycle): it names where in the value ({@link #path()}, a JSON
 * path such as {@code $.order.items[3]}) and which limit ({@link #limit()}). Nothing was stored.
 */
public class InvalidInputException extends TaskRequestException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String limit;

    /**
     * @param what which value, e.g. "the task context"
     * @param path where in it, as a JSON path
     * @param problem what is wrong there
     * @param limit the limit broken, e.g. "maxDepth = 200"
     */
    public InvalidInputException(String what, String path, String problem, String limit) {
        super(what + " is refused at " + path + ": " + problem + " (limit: " + limit + ")");
        this.path = path;
        this.limit = limit;
    }

    /** Where in the value, as a JSON path ({@code $} for the whole value). */
    public String path() {
        return path;
    }

    /** The limit broken, with its value, e.g. {@code maxDepth = 200}. */
    public String limit() {
        return limit;
    }
}
