package dev.trash;

import dev.trash.internal.Check;
import java.util.Optional;

/**
 * What a restore brought back (SPEC R10, R11). Immutable and thread-safe.
 *
 * @param item the trash item that no longer exists
 * @param root the restored root
 * @param originalSlug the root's slug when it was deleted, if its type has slugs
 * @param slug the root's slug now; differs from {@code originalSlug} if that was taken meanwhile
 * @param restoredCount how many resources came back: the root plus its cascaded children (where
 *     children of the item are hidden with their parent, SPEC R42, the item's count as taken at the
 *     delete, {@code 1 + cascadedCount}: they come back without being read)
 * @param parent the parent the root is in now, if its type has one: its original parent, or the
 *     one it was restored into (SPEC R34)
 */
public record Restored(TrashItemId item, ResourceRef root, Optional<String> originalSlug,
                       Optional<String> slug, long restoredCount, Optional<ResourceRef> parent) {
    /**
     * Validates every component.
     *
     * @param item the trash item that no longer exists
     * @param root the restored root
     * @param originalSlug the root's slug when it was deleted, if its type has slugs
     * @param slug the root's slug now; differs from {@code originalSlug} if that was taken meanwhile
     * @param restoredCount how many resources came back: the root plus its cascaded children (where
     *     children of the item are hidden with their parent, SPEC R42, the item's count as taken at
     *     the delete, {@code 1 + cascadedCount}: they come back without being read)
     * @param parent the parent the root is in now, if its type has one: its original parent, or the
     *     one it was restored into (SPEC R34)
     */
    public Restored {
        Check.notNull(item, "item");
        Check.notNull(root, "root");
        Check.notNull(originalSlug, "originalSlug");
        Check.notNull(slug, "slug");
        Check.notNegative(restoredCount, "restoredCount");
        Check.notNull(parent, "parent");
    }

    /**
     * What a restore brought back, without saying where its parent is.
     *
     * @param item the trash item that no longer exists
     * @param root the restored root
     * @param originalSlug the root's slug when it was deleted, if its type has slugs
     * @param slug the root's slug now; differs from {@code originalSlug} if that was taken meanwhile
     * @param restoredCount how many resources came back: the root plus its cascaded children (where
     *     children of the item are hidden with their parent, SPEC R42, the item's count as taken at
     *     the delete, {@code 1 + cascadedCount}: they come back without being read)
     */
    public Restored(TrashItemId item, ResourceRef root, Optional<String> originalSlug, Optional<String> slug,
                    long restoredCount) {
        this(item, root, originalSlug, slug, restoredCount, Optional.empty());
    }

    /** {@return whether the root got a new slug because its own was taken} */
    public boolean renamed() {
        return !originalSlug.equals(slug);
    }
}
