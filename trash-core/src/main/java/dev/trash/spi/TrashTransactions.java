package dev.trash.spi;

import java.util.function.Supplier;

/**
 * Port: runs work in one transaction of the stores, so that the trash store, the host's resources
 * and the storage ledger change together or not at all. If a transaction is already open on the
 * calling thread (host code that calls the manager inside its own transaction), the work joins it.
 * Implementations must be thread-safe.
 */
public interface TrashTransactions {
    /**
     * Runs {@code work} in a transaction: committed if it returns, rolled back if it throws (the
     * exception then propagates unchanged).
     *
     * @param <T> the type of the result
     * @param work the work to run
     * @return what {@code work} returned
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * {@return whether the calling thread is inside a transaction of this port}
     * Purges refuse to run inside one: their hooks delete external data that a later rollback could
     * not bring back.
     */
    boolean isActive();

    /**
     * Runs {@code action} once the transaction the calling thread is in commits, on the committing
     * thread; drops it if that transaction rolls back. When the work joined an outer transaction
     * (the host's), the action waits for the outer commit. The manager tells its listeners this
     * way, so that they never hear of work that was rolled back.
     *
     * @param action the work to run
     * @throws IllegalStateException if the calling thread is not inside a transaction of this port
     */
    void afterCommit(Runnable action);
}
