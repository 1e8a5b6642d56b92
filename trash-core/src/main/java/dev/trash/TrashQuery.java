package dev.trash;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What page of a Trash to list (SPEC R6, R38): which types (empty = all), which items (name,
 * who deleted, when, expiring before), the order, the page size and the cursor of the previous
 * page. A cursor is bound to the workspace, order and filters it was made for (SPEC R41): page on
 * with the same query. Immutable and thread-safe; each {@code with}-style method returns a new
 * query.
 *
 * <pre>{@code
 * TrashQuery.all().type("model").nameContains("resnet").order(SortOrder.LARGEST_FIRST).limit(50)
 * }</pre>
 *
 * @param types the root types to list; empty for every type
 * @param order the order (newest deletion first by default)
 * @param limit the page size, from 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or empty for the first page
 * @param nameContains only items whose name contains this, ignoring case (not blank, at most 255 characters)
 * @param deletedBy only items deleted by this actor
 * @param deletedFrom only items deleted at or after this time
 * @param deletedBefore only items deleted before this time
 * @param expiresBefore only items that expire at or before this time (SPEC R39: what expires soon)
 */
public record TrashQuery(Set<String> types, SortOrder order, int limit, Optional<String> cursor,
                         Optional<String> nameContains, Optional<ActorId> deletedBy, Optional<Instant> deletedFrom,
                         Optional<Instant> deletedBefore, Optional<Instant> expiresBefore) {
    /** The page size of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page size accepted. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Validates every component and freezes the type set.
     *
     * @param types the root types to list; empty for every type
     * @param order the order (newest deletion first by default)
     * @param limit the page size, from 1 to {@value #MAX_LIMIT}
     * @param cursor the {@link Page#nextCursor()} of the previous page, or empty for the first page
     * @param nameContains only items whose name contains this, ignoring case (not blank, at most
     *     255 characters)
     * @param deletedBy only items deleted by this actor
     * @param deletedFrom only items deleted at or after this time
     * @param deletedBefore only items deleted before this time
     * @param expiresBefore only items that expire at or before this time (SPEC R39: what expires soon)
     */
    public TrashQuery {
        Check.notNull(types, "types");
        types.forEach(t -> Check.text(t, "type filter"));
        types = Set.copyOf(new TreeSet<>(types));
        Check.notNull(order, "order");
        Check.range(limit, 1, MAX_LIMIT, "limit");
        Check.notNull(cursor, "cursor");
        cursor.ifPresent(c -> Check.text(c, "cursor"));
        Check.notNull(nameContains, "nameContains").ifPresent(n -> Check.text(n, "name filter"));
        Check.notNull(deletedBy, "deletedBy");
        Check.notNull(deletedFrom, "deletedFrom");
        Check.notNull(deletedBefore, "deletedBefore");
        Check.notNull(expiresBefore, "expiresBefore");
        if (deletedFrom.isPresent() && deletedBefore.isPresent() && !deletedFrom.get().isBefore(deletedBefore.get())) {
            throw new InvalidArgumentException("deleted-between range is empty: from " + deletedFrom.get()
                    + " must be before " + deletedBefore.get());
        }
    }

    /**
     * A query without filters other than types.
     *
     * @param types the root types to list; empty for every type
     * @param order the order (newest deletion first by default)
     * @param limit the page size, from 1 to {@value #MAX_LIMIT}
     * @param cursor the {@link Page#nextCursor()} of the previous page, or empty for the first page
     */
    public TrashQuery(Set<String> types, SortOrder order, int limit, Optional<String> cursor) {
        this(types, order, limit, cursor, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** {@return the first page of every type, newest first, {@value #DEFAULT_LIMIT} items} */
    public static TrashQuery all() {
        return new TrashQuery(Set.of(), SortOrder.NEWEST_FIRST, DEFAULT_LIMIT, Optional.empty());
    }

    /**
     * {@return this query restricted to one type (replacing any earlier filter)}
     *
     * @param type the type to keep, e.g. {@code project}
     */
    public TrashQuery type(String type) {
        return types(Set.of(Check.text(type, "type filter")));
    }

    /**
     * {@return this query restricted to the given types; an empty set means every type}
     *
     * @param types the root types to list; empty for every type
     */
    public TrashQuery types(Set<String> types) {
        return new TrashQuery(types, order, limit, cursor, nameContains, deletedBy, deletedFrom, deletedBefore,
                expiresBefore);
    }

    /**
     * {@return this query in the given order}
     *
     * @param order the order (newest deletion first by default)
     */
    public TrashQuery order(SortOrder order) {
        return new TrashQuery(types, order, limit, cursor, nameContains, deletedBy, deletedFrom, deletedBefore,
                expiresBefore);
    }

    /**
     * {@return this query with page size {@code limit} (1 to {@value #MAX_LIMIT})}
     *
     * @param limit the page size, from 1 to {@value #MAX_LIMIT}
     */
    public TrashQuery limit(int limit) {
        return new TrashQuery(types, order, limit, cursor, nameContains, deletedBy, deletedFrom, deletedBefore,
                expiresBefore);
    }

    /**
     * {@return this query continuing after the page whose {@link Page#nextCursor()} is {@code cursor}}
     *
     * @param cursor the {@link Page#nextCursor()} of the previous page, or empty for the first page
     */
    public TrashQuery after(String cursor) {
        return new TrashQuery(types, order, limit, Optional.of(Check.text(cursor, "cursor")), nameContains, deletedBy,
                deletedFrom, deletedBefore, expiresBefore);
    }

    /**
     * {@return this query restricted to items whose name contains {@code text}, ignoring case (SPEC R38)}
     *
     * @param text the text
     */
    public TrashQuery nameContains(String text) {
        return new TrashQuery(types, order, limit, cursor, Optional.of(Check.text(text, "name filter")), deletedBy,
                deletedFrom, deletedBefore, expiresBefore);
    }

    /**
     * {@return this query restricted to items {@code actor} deleted (SPEC R38)}
     *
     * @param actor the actor who deleted the items to keep
     */
    public TrashQuery deletedBy(ActorId actor) {
        return new TrashQuery(types, order, limit, cursor, nameContains, Optional.of(Check.notNull(actor, "deletedBy")),
                deletedFrom, deletedBefore, expiresBefore);
    }

    /**
     * {@return this query restricted to items deleted at or after {@code from} and before {@code
     *     before} (SPEC R38)}
     *
     * @param from the earliest time to keep
     * @param before the time the items must be deleted before, after {@code from}
     * @throws InvalidArgumentException if the range is empty
     */
    public TrashQuery deletedBetween(Instant from, Instant before) {
        return new TrashQuery(types, order, limit, cursor, nameContains, deletedBy,
                Optional.of(Check.notNull(from, "from")), Optional.of(Check.notNull(before, "before")), expiresBefore);
    }

    /**
     * {@return this query restricted to items expiring at or before {@code time}, e.g. the
     *     manager's clock plus 7 days, for what expires soon (SPEC R39); see {@link
     *     TrashManager#expiringWithin}}
     *
     * @param time the latest expiry to keep
     */
    public TrashQuery expiresBefore(Instant time) {
        return new TrashQuery(types, order, limit, cursor, nameContains, deletedBy, deletedFrom, deletedBefore,
                Optional.of(Check.notNull(time, "expiresBefore")));
    }
}
