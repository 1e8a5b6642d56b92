package dev.trash.spi;

import dev.trash.SortOrder;
import dev.trash.internal.Check;
import java.util.Optional;
import java.util.Set;

/**
 * One page request to {@link TrashStore#list}: the items matching {@code where} (core passes what
 * "listed" means) of the given root types, ordered by (deletedAt, id) in {@code order}, strictly
 * after {@code after}, at most {@code limit} of them. Immutable and thread-safe.
 *
 * @param types root types to include; empty for all
 * @param order the order
 * @param after the keyset to continue after, empty for the first page
 * @param limit the most records to return
 * @param where the condition every returned record matches
 */
public record ListRequest(Set<String> types, SortOrder order, Optional<Keyset> after, int limit, Condition where) {
    /** Validates and freezes the components. */
    public ListRequest {
        types = Set.copyOf(Check.notNull(types, "types"));
        Check.notNull(order, "order");
        Check.notNull(after, "after");
        Check.range(limit, 1, Integer.MAX_VALUE, "limit");
        Check.notNull(where, "where");
    }
}
