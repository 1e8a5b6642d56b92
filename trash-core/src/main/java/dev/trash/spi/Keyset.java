package dev.trash.spi;

import dev.trash.TrashItemId;
import dev.trash.internal.Check;
import java.time.Instant;

/**
 * The position of the last item of a page: listing continues strictly after it in the page's
 * order of (deletedAt, id). Immutable and thread-safe.
 *
 * @param deletedAt the last item's deletion time
 * @param id the last item's id
 */
public record Keyset(Instant deletedAt, TrashItemId id) {
    /** Validates both components. */
    public Keyset {
        Check.notNull(deletedAt, "deletedAt");
        Check.notNull(id, "id");
    }
}
