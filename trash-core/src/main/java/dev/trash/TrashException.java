package dev.trash;

/**
 * The base of every exception the library throws on purpose. Unchecked and abstract: a caller
 * catches the subclass that says what it can do —
 * <ul>
 * <li>{@link InvalidArgumentException}: fix the argument (SPEC R23);</li>
 * <li>{@link NotFoundException}: the resource or item is not there (or is another workspace's, R21);</li>
 * <li>{@link ExpiredException}: the item is past its expiry (R9, R14);</li>
 * <li>{@link ConflictException} (and {@link ParentInTrashException}): the state forbids it; re-read
 *     the state, retrying as is will fail again;</li>
 * <li>{@link RetryableException}: a concurrent operation got in the way; the same call may succeed now;</li>
 * <li>{@link BackendException}: the database (or other backend) failed; the cause says how;</li>
 * <li>{@link ConfigurationException}: the manager or its backend is set up wrongly (R25, R26).</li>
 * </ul>
 * Misuse of the API (a purge inside a transaction, a sweeper started twice) is an
 * {@link IllegalStateException}, as in the JDK. Whenever one of these is thrown by an operation,
 * the operation changed nothing. Immutable once thrown; safe to pass between threads.
 */
public abstract class TrashException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    protected TrashException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    protected TrashException(String message, Throwable cause) {
        super(message, cause);
    }
}
