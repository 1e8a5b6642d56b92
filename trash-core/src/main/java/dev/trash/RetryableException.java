package dev.trash;

/**
 * A transient race: a concurrent transaction held or changed the same rows (a deadlock, a
 * serialization failure, a lock wait that timed out, a concurrent delete of the same resource).
 * Nothing was changed; the same call may well succeed if made again. If the call joined the
 * caller's own transaction, that transaction cannot commit: roll it back and retry it whole.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class RetryableException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public RetryableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure (e.g. the database's deadlock error)
     */
    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
