/**
 * The ports (SPI) a host or an adapter implements for the {@link dev.trash.TrashManager}: where
 * trash items are stored ({@link dev.trash.spi.TrashStore}), the host's own resources
 * ({@link dev.trash.spi.HostResources}), transactions ({@link dev.trash.spi.TrashTransactions}),
 * purge hooks for data outside the database ({@link dev.trash.spi.PurgeHook}), the storage ledger
 * for quotas ({@link dev.trash.spi.StorageLedger}) and event listeners
 * ({@link dev.trash.spi.TrashListener}). {@code dev.trash.memory} implements every one of them.
 *
 * <p>Store and resources methods are called inside {@link dev.trash.spi.TrashTransactions#inTransaction}
 * and must take part in that transaction. Every method that takes or returns many rows works in
 * bulk: one statement per call, whatever the number of rows.
 */
package dev.trash.spi;
