package dev.trash.spi;

import dev.trash.TrashItemId;
import dev.trash.internal.Check;
import java.time.Instant;

/**
 * The position of the last item of a page: listing continues strictly after it in the page's
 * order of (sort value, id). The sort value is what {@link ListRequest#order()} sorts by: an
 * {@link Instant} for deletion time and expiry, a {@link Long} for size, the lower-cased name
 * ({@link String}) for name. Immutable and thread-safe.
 *
 * @param value the last item's sort value
 * @param id the last item's id
 */
public record Keyset(Comparable<?> value, TrashItemId id) {
    /**
     * Validates both components.
     *
     * @param value the last item's sort value
     * @param id the last item's id
     */
    public Keyset {
        Check.notNull(value, "value");
        Check.notNull(id, "id");
        if (!(value instanceof Instant || value instanceof Long || value instanceof String)) {
            throw new IllegalArgumentException("a keyset value is an Instant, a Long or a String, was " + value.getClass());
        }
    }

    /**
     * {@return the position after an item deleted at {@code deletedAt} (deletion-time orders)}
     *
     * @param deletedAt the deletion time of the last item of the page
     * @param id the last item's id
     */
    public static Keyset at(Instant deletedAt, TrashItemId id) {
        return new Keyset(deletedAt, id);
    }
}
