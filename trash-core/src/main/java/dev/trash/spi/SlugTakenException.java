package dev.trash.spi;

import dev.trash.TrashException;

/**
 * Thrown by {@link HostResources#unmark} when bringing a resource back would break slug uniqueness
 * (in a database: the unique index that ignores trashed rows). The manager rolls the transaction
 * back and retries the restore with the next free slug (SPEC R11); it never reaches the
 * manager's callers. Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class SlugTakenException extends TrashException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message which slug was taken where
     * @param cause the underlying failure (e.g. the database's constraint violation), may be null
     */
    public SlugTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
