package dev.trash.spi;

/**
 * Thrown by {@link HostResources#unmark} when bringing a resource back would break slug uniqueness
 * (in a database: the unique index that ignores trashed rows). The manager rolls the transaction
 * back and retries the restore with the next free slug (SPEC R11).
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class SlugTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which slug was taken where
     * @param cause the underlying failure (e.g. the database's constraint violation), may be null
     */
    public SlugTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
