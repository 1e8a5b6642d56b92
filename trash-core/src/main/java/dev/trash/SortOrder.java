package dev.trash;

/** The order of a Trash listing. Ties on the deletion time are broken by item id. */
public enum SortOrder {
    /** Most recently deleted first: the default (SPEC R6). */
    NEWEST_FIRST,
    /** Least recently deleted first, i.e. the items that expire soonest (for equal retention). */
    OLDEST_FIRST
}
