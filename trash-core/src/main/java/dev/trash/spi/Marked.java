package dev.trash.spi;

import dev.trash.internal.Check;

/**
 * What one cascade level moved into the Trash. Immutable and thread-safe.
 *
 * @param count how many resources were marked
 * @param bytes their total size
 */
public record Marked(long count, long bytes) {
    /** Nothing marked. */
    public static final Marked NONE = new Marked(0, 0);

    /**
     * Validates both components.
     *
     * @param count how many resources were marked
     * @param bytes their total size
     */
    public Marked {
        Check.notNegative(count, "count");
        Check.notNegative(bytes, "bytes");
    }

    /**
     * {@return the sum of this and {@code other}}
     *
     * @param other the other value to add
     */
    public Marked plus(Marked other) {
        return new Marked(count + other.count, bytes + other.bytes);
    }
}
