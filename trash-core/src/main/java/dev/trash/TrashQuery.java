package dev.trash;

import dev.trash.internal.Check;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What page of a Trash to list (SPEC R6): which types (empty = all), the order, the page size
 * and the cursor of the previous page. Immutable and thread-safe; each {@code with}-style method
 * returns a new query.
 *
 * <pre>{@code
 * TrashQuery.all().type("model").limit(50).after(previous.nextCursor().orElseThrow())
 * }</pre>
 *
 * @param types the root types to list; empty for every type
 * @param order newest or oldest deletion first
 * @param limit the page size, from 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or empty for the first page
 */
public record TrashQuery(Set<String> types, SortOrder order, int limit, Optional<String> cursor) {
    /** The page size of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page size accepted. */
    public static final int MAX_LIMIT = 1000;

    /** Validates every component and freezes the type set. */
    public TrashQuery {
        Check.notNull(types, "types");
        types.forEach(t -> Check.text(t, "type filter"));
        types = Set.copyOf(new TreeSet<>(types));
        Check.notNull(order, "order");
        Check.range(limit, 1, MAX_LIMIT, "limit");
        Check.notNull(cursor, "cursor");
        cursor.ifPresent(c -> Check.text(c, "cursor"));
    }

    /** @return the first page of every type, newest first, {@value #DEFAULT_LIMIT} items */
    public static TrashQuery all() {
        return new TrashQuery(Set.of(), SortOrder.NEWEST_FIRST, DEFAULT_LIMIT, Optional.empty());
    }

    /** @return this query restricted to one type (replacing any earlier filter) */
    public TrashQuery type(String type) {
        return new TrashQuery(Set.of(Check.text(type, "type filter")), order, limit, cursor);
    }

    /** @return this query restricted to the given types; an empty set means every type */
    public TrashQuery types(Set<String> types) {
        return new TrashQuery(types, order, limit, cursor);
    }

    /** @return this query in the given order */
    public TrashQuery order(SortOrder order) {
        return new TrashQuery(types, order, limit, cursor);
    }

    /** @return this query with page size {@code limit} (1 to {@value #MAX_LIMIT}) */
    public TrashQuery limit(int limit) {
        return new TrashQuery(types, order, limit, cursor);
    }

    /** @return this query continuing after the page whose {@link Page#nextCursor()} is {@code cursor} */
    public TrashQuery after(String cursor) {
        return new TrashQuery(types, order, limit, Optional.of(Check.text(cursor, "cursor")));
    }
}
