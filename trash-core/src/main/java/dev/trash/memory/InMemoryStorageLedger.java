package dev.trash.memory;

import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.StorageLedger;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link StorageLedger} that keeps, per workspace, the bytes freed by purges, and per item how
 * often it was freed (which must be once). Takes part in the {@link InMemoryTrash} transaction.
 * Thread-safe.
 */
public final class InMemoryStorageLedger implements StorageLedger {
    private final MemoryDb db;
    private final Map<WorkspaceId, Long> freed = new HashMap<>();
    private final Map<TrashItemId, Integer> times = new HashMap<>();

    InMemoryStorageLedger(MemoryDb db) {
        this.db = db;
    }

    @Override
    public void freed(WorkspaceId workspace, TrashItemId item, long bytes) {
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

    /** @return the bytes freed in {@code workspace} so far */
    public long freedBytes(WorkspaceId workspace) {
        return db.atomically(() -> freed.getOrDefault(workspace, 0L));
    }

    /** @return how many times {@code item} was reported freed (1 after its purge, never more) */
    public int timesFreed(TrashItemId item) {
        return db.atomically(() -> times.getOrDefault(item, 0));
    }

    /** @return how many items were reported freed, counting each report */
    public long reports() {
        return db.atomically(() -> times.values().stream().mapToLong(Integer::longValue).sum());
    }
}
