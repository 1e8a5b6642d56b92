package dev.trash;

/**
 * The operation collides with the current state: the resource is already in the Trash, the item
 * is being purged, or a concurrent operation won (SPEC R5, R22). Re-read the state before retrying.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class ConflictException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure (e.g. a database's deadlock or serialization error)
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
