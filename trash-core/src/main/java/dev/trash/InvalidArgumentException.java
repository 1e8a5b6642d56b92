package dev.trash;

/**
 * An argument is null, blank, malformed or out of range (SPEC R23). The message names the
 * argument and the bad value.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class InvalidArgumentException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public InvalidArgumentException(String message) {
        super(message);
    }
}
