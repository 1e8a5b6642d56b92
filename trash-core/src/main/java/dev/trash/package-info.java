/**
 * The API a host application calls: {@link dev.trash.TrashManager} (delete, list, restore, purge,
 * empty, storage summary, treemap), the {@link dev.trash.TrashSweeper} that purges expired items,
 * the value types they take and return, and the typed exceptions they throw.
 *
 * <p>All value types are immutable records and safe to share between threads. No method of this
 * package returns {@code null} or accepts it: "maybe" is an {@link java.util.Optional}, "none" is an
 * empty collection, and a {@code null} argument is an {@link dev.trash.InvalidArgumentException}.
 */
package dev.trash;
