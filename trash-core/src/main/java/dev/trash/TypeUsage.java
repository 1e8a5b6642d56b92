package dev.trash;

import dev.trash.internal.Check;

/**
 * How many items of one root type a Trash holds and their bytes. Immutable and thread-safe.
 *
 * @param items the number of items
 * @param bytes their bytes, cascaded children included
 */
public record TypeUsage(long items, long bytes) {
    /**
     * Validates both components.
     *
     * @param items the number of items
     * @param bytes their bytes, cascaded children included
     */
    public TypeUsage {
        Check.notNegative(items, "items");
        Check.notNegative(bytes, "bytes");
    }
}
