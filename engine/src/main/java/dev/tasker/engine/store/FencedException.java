package dev.tasker.engine.store;

/**
 * This node was declared dead by another node (its lease ran out: a long pause, a lost network) and
 * its tasks were handed to others, or it was replaced by a newer engine with the same node id. Nothing
 * of the refused transaction was written. The engine drops every task it held and joins again.
 */
public class FencedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which node, which epoch, and what the database says of it now */
    public FencedException(String message) {
        super(message);
    }
}
