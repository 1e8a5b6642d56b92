package dev.trash.memory;

import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import dev.trash.spi.StorageLedger;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory {@link StorageLedger}: records, per workspace, the bytes freed by purges, and per
 * item how often it was freed (which must be once, SPEC R20), so that tests can check a host's
 * quota would be credited exactly once. Takes part in the {@link InMemoryTrash} transaction: a
 * report made in a transaction that fails is taken back. Thread-safe.
 */
public final class InMemoryStorageLedger implements StorageLedger {
    private final MemoryDb db;
    private final Map<WorkspaceId, Long> freed = new HashMap<>();
    private final Map<TrashItemId, Integer> times = new HashMap<>();

    InMemoryStorageLedger(MemoryDb db) {
        this.db = db;
    }

    /** Records that purging {@code item} freed {@code bytes} in {@code workspace}; undone if the transaction fails. */
    @Override
    public void freed(WorkspaceId workspace, TrashItemId item, long bytes) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        db.atomically(() -> {
            freed.merge(workspace, bytes, Long::sum);
            times.merge(item, 1, Integer::sum);
            db.onRollback(() -> {
                freed.merge(workspace, -bytes, Long::sum);
                times.merge(item, -1, Integer::sum);
            });
            return null;
        });
    }

    /**
     * {@return the bytes freed in {@code workspace} so far}
     *
     * @param workspace the workspace
     */
    public long freedBytes(WorkspaceId workspace) {
        Check.notNull(workspace, "workspace");
        return db.atomically(() -> freed.getOrDefault(workspace, 0L));
    }

    /**
     * {@return how many times {@code item} was reported freed (1 after its purge, never more)}
     *
     * @param item the trash item
     */
    public int timesFreed(TrashItemId item) {
        Check.notNull(item, "item");
        return db.atomically(() -> times.getOrDefault(item, 0));
    }

    /** {@return how many items were reported freed, counting each report} */
    public long reports() {
        return db.atomically(() -> times.values().stream().mapToLong(Integer::longValue).sum());
    }
}
