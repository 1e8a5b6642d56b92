package dev.trash.spi;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link TrashStore#totals} counts over the items that match a condition. Immutable and
 * thread-safe.
 *
 * @param items how many items match
 * @param bytes the sum of their {@link TrashRecord#sizeBytes()}
 * @param earliestDueAt the earliest {@link ItemField#DUE_AT} among them, if any matches
 */
public record ItemTotals(long items, long bytes, Optional<Instant> earliestDueAt) {
    /** No item. */
    public static final ItemTotals NONE = new ItemTotals(0, 0, Optional.empty());

    /**
     * Validates every component.
     *
     * @param items how many items match
     * @param bytes the sum of their {@link TrashRecord#sizeBytes()}
     * @param earliestDueAt the earliest {@link ItemField#DUE_AT} among them, if any matches
     */
    public ItemTotals {
        Check.notNegative(items, "items");
        Check.notNegative(bytes, "bytes");
        Check.notNull(earliestDueAt, "earliestDueAt");
    }
}
