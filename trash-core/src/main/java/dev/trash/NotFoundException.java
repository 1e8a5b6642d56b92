package dev.trash;

/**
 * The resource or trash item does not exist in the caller's workspace (or belongs to another
 * workspace, which is reported the same way, SPEC R21).
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class NotFoundException extends TrashException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public NotFoundException(String message) {
        super(message);
    }
}
