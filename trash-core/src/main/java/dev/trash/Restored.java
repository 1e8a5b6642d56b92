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
 * @param restoredCount how many resources came back: the root plus its cascaded children
 */
public record Restored(TrashItemId item, ResourceRef root, Optional<String> originalSlug,
                       Optional<String> slug, long restoredCount) {
    /** Validates every component. */
    public Restored {
        Check.notNull(item, "item");
        Check.notNull(root, "root");
        Check.notNull(originalSlug, "originalSlug");
        Check.notNull(slug, "slug");
        Check.notNegative(restoredCount, "restoredCount");
    }

    /** @return whether the root got a new slug because its own was taken */
    public boolean renamed() {
        return !originalSlug.equals(slug);
    }
}
