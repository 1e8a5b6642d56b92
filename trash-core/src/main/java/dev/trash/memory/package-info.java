/**
 * A complete, thread-safe in-memory implementation of every port: {@link dev.trash.memory.InMemoryTrash}
 * gives the trash store, the host resources, the transactions and a storage ledger, all sharing one
 * lock and one undo log, so a transaction is atomic and isolated exactly as on a database. Use it
 * in a host's unit tests, in demos, and as the reference for adapters.
 */
package dev.trash.memory;
