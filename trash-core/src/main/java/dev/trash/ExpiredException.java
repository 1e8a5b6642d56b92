package dev.trash;

/**
 * The trash item is past its expiry: it is no longer listed and can no longer be restored
 * (SPEC R9, R14); the sweeper purges it.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class ExpiredException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public ExpiredException(String message) {
        super(message);
    }
}
