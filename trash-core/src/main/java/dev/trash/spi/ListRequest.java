package dev.trash.spi;

import dev.trash.SortOrder;
import dev.trash.internal.Check;
import java.util.Optional;
import java.util.Set;

/**
 * One page request to {@link TrashStore#list}: the items matching {@code where} (core passes what
 * "listed" means, and the host's filters, SPEC R38) of the given root types, ordered by
 * ({@code order}'s sort value, id), both ascending or both descending as {@code order} says,
 * strictly after {@code after}, at most {@code limit} of them. The sort value of a record is
 * {@link #sortValue}. Immutable and thread-safe.
 *
 * @param types root types to include; empty for all
 * @param order the order
 * @param after the keyset to continue after, empty for the first page
 * @param limit the most records to return
 * @param where the condition every returned record matches
 */
public record ListRequest(Set<String> types, SortOrder order, Optional<Keyset> after, int limit, Condition where) {
    /**
     * Validates and freezes the components.
     *
     * @param types root types to include; empty for all
     * @param order the order
     * @param after the keyset to continue after, empty for the first page
     * @param limit the most records to return
     * @param where the condition every returned record matches
     */
    public ListRequest {
        types = Set.copyOf(Check.notNull(types, "types"));
        Check.notNull(order, "order");
        Check.notNull(after, "after");
        Check.range(limit, 1, Integer.MAX_VALUE, "limit");
        Check.notNull(where, "where");
    }

    /**
     * {@return the value {@code order} sorts {@code record} by: deletion time or expiry ({@link
     *     java.time.Instant}), size ({@link Long}), or the name lower-cased with {@link
     *     java.util.Locale#ROOT} ({@link String})}
     *
     * @param order the order
     * @param record the trash item as the store keeps it
     */
    public static Comparable<?> sortValue(SortOrder order, TrashRecord record) {
        return switch (order.field()) {
            case DELETED_AT -> record.deletedAt();
            case EXPIRES_AT -> record.expiresAt();
            case SIZE -> record.sizeBytes();
            case NAME -> record.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
