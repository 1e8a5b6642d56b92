package dev.trash.spi;

/**
 * Port: deletes the data tied to a trash item outside the database (stored files, exports,
 * deployments) before its rows are deleted (SPEC R15). Runs outside any transaction. If it throws,
 * the item stays out of the Trash and is retried later with backoff (SPEC R19), so a hook must be
 * idempotent: called again for data it already deleted, it succeeds. Implementations must be
 * thread-safe: concurrent sweepers call it from several threads.
 */
@FunctionalInterface
public interface PurgeHook {
    /**
     * Deletes the external data of {@code target}.
     *
     * @param target what is purged
     * @throws Exception any failure: the purge is retried later
     */
    void purge(PurgeTarget target) throws Exception;
}
