package dev.trash;

/**
 * Base of every exception the library throws on purpose. Unchecked: a host catches the subclass it
 * can act on ({@link NotFoundException}, {@link ParentInTrashException}, {@link ExpiredException},
 * {@link ConflictException}, {@link InvalidArgumentException}) and lets the rest propagate.
 * Whenever one of these is thrown, the operation changed nothing.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public class TrashException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public TrashException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public TrashException(String message, Throwable cause) {
        super(message, cause);
    }
}
