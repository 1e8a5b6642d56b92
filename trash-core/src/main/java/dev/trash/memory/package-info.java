/**
 * The in-memory backend: a complete, thread-safe implementation of every port, for a host's unit
 * tests, demos, and as the reference for adapters. {@link dev.trash.memory.InMemoryTrash} is the
 * {@link dev.trash.spi.TrashBackend}: created with the description of every resource type, it
 * gives the trash store ({@link dev.trash.memory.InMemoryTrashStore}), the host's resources
 * ({@link dev.trash.memory.InMemoryResources}), the transactions and a storage ledger
 * ({@link dev.trash.memory.InMemoryStorageLedger}), all sharing one lock and one undo log, so a
 * transaction is atomic and isolated exactly as on a database. {@link dev.trash.memory.ManualClock}
 * lets tests move time.
 */
package dev.trash.memory;
