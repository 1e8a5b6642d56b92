package dev.trash;

import dev.trash.internal.Check;
import java.util.Map;
import java.util.TreeMap;

/**
 * The storage a workspace's Trash holds (SPEC R8): the listed items in total and per root type,
 * plus the items that are no longer listed but not purged yet: expired and waiting for the
 * sweeper, or claimed by a purge that has not finished. Their bytes still count toward the
 * workspace's storage until the purge completes (SPEC R20). Immutable and thread-safe.
 *
 * @param workspace the workspace
 * @param items the number of listed items
 * @param bytes the bytes of the listed items
 * @param byType items and bytes per root type, sorted by type name; types with no item are absent
 * @param purgingItems items not listed any more but not purged yet (expired, or being purged)
 * @param purgingBytes their bytes
 */
public record StorageSummary(WorkspaceId workspace, long items, long bytes, Map<String, TypeUsage> byType,
                             long purgingItems, long purgingBytes) {
    /**
     * Validates every component and freezes the map.
     *
     * @param workspace the workspace
     * @param items the number of listed items
     * @param bytes the bytes of the listed items
     * @param byType items and bytes per root type, sorted by type name; types with no item are absent
     * @param purgingItems items not listed any more but not purged yet (expired, or being purged)
     * @param purgingBytes their bytes
     */
    public StorageSummary {
        Check.notNull(workspace, "workspace");
        Check.notNegative(items, "items");
        Check.notNegative(bytes, "bytes");
        byType = Map.copyOf(Check.notNull(byType, "byType"));
        Check.notNegative(purgingItems, "purgingItems");
        Check.notNegative(purgingBytes, "purgingBytes");
    }

    /** {@return {@link #byType()} sorted by type name} */
    public Map<String, TypeUsage> byTypeSorted() {
        return new TreeMap<>(byType);
    }
}
