package dev.trash.spi;

import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;

/**
 * Port: tells the host's quota that a purge freed storage (SPEC R20). Called inside the
 * transaction that deletes the item's rows, exactly once per purged item; delete and restore never
 * call it (trashed items still count toward the workspace's storage). Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface StorageLedger {
    /** A ledger that records nothing. */
    StorageLedger NONE = (workspace, item, bytes) -> { };

    /**
     * Records that purging {@code item} freed {@code bytes} in {@code workspace}.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param bytes the bytes freed
     */
    void freed(WorkspaceId workspace, TrashItemId item, long bytes);
}
