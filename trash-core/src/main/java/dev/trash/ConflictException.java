package dev.trash;

/**
 * The operation collides with the state it found: the resource is already in the Trash or inside
 * something that is, the item is being purged, a restore would break a unique slug (SPEC R5, R22).
 * Retrying the same call fails the same way until the state changes: re-read it first. A lost race
 * that a retry may win is a {@link RetryableException} instead.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public class ConflictException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
