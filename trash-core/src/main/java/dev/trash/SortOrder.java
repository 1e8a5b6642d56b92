package dev.trash;

/**
 * The order of a Trash listing (SPEC R6, R38): by deletion time, expiry, size or name, either way.
 * Ties are broken by item id, in the same direction, so every order is total and its keyset
 * cursor stable. Names are compared lower-cased ({@link java.util.Locale#ROOT}), as the databases'
 * {@code LOWER(name)}.
 */
public enum SortOrder {
    /** Most recently deleted first: the default (SPEC R6). */
    NEWEST_FIRST(SortField.DELETED_AT, false),
    /** Least recently deleted first. */
    OLDEST_FIRST(SortField.DELETED_AT, true),
    /** The items that expire soonest first. */
    EXPIRING_FIRST(SortField.EXPIRES_AT, true),
    /** The items that expire last first. */
    EXPIRING_LAST(SortField.EXPIRES_AT, false),
    /** The largest items (root and cascaded children) first. */
    LARGEST_FIRST(SortField.SIZE, false),
    /** The smallest items first. */
    SMALLEST_FIRST(SortField.SIZE, true),
    /** By name, A to Z. */
    NAME_ASCENDING(SortField.NAME, true),
    /** By name, Z to A. */
    NAME_DESCENDING(SortField.NAME, false);

    private final SortField field;
    private final boolean ascending;

    SortOrder(SortField field, boolean ascending) {
        this.field = field;
        this.ascending = ascending;
    }

    /** {@return what the listing is sorted by} */
    public SortField field() {
        return field;
    }

    /** {@return whether smaller values come first} */
    public boolean ascending() {
        return ascending;
    }

    /** What a listing can be sorted by. */
    public enum SortField {
        /** The deletion time. */
        DELETED_AT,
        /** The expiry. */
        EXPIRES_AT,
        /** The bytes of the root and its cascaded children. */
        SIZE,
        /** The root's name at deletion, lower-cased. */
        NAME
    }
}
