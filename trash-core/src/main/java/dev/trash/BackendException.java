package dev.trash;

/**
 * The backend failed: the database connection was lost, the pool timed out, the server was
 * restarted or refused a statement. The cause is the backend's own exception (for trash-jdbi a
 * Jdbi or JDBC exception, with its SQLSTATE). The operation's transaction was rolled back, so it
 * changed nothing, unless the failure hit the commit itself, which no client can tell apart.
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class BackendException extends TrashException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what failed and what to do about it
     * @param cause the backend's exception
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
