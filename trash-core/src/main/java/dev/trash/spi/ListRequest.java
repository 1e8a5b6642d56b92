package dev.trash.spi;

import dev.trash.SortOrder;
import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One page request to {@link TrashStore#list}: the listed items (not being purged, expiring after
 * {@code now}) of the given root types, ordered by (deletedAt, id) in {@code order}, strictly after
 * {@code after}, at most {@code limit} of them. Immutable and thread-safe.
 *
 * @param types root types to include; empty for all
 * @param order the order
 * @param after the keyset to continue after, empty for the first page
 * @param limit the most records to return
 * @param now the time that decides expiry
 */
public record ListRequest(Set<String> types, SortOrder order, Optional<Keyset> after, int limit, Instant now) {
    /** Validates and freezes the components. */
    public ListRequest {
        types = Set.copyOf(Check.notNull(types, "types"));
        Check.notNull(order, "order");
        Check.notNull(after, "after");
        Check.range(limit, 1, Integer.MAX_VALUE, "limit");
        Check.notNull(now, "now");
    }
}
