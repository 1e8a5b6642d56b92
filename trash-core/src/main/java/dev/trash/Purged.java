package dev.trash;

import dev.trash.internal.Check;

/**
 * What a purge, Empty Trash or sweep did (SPEC R15–R17). Immutable and thread-safe.
 *
 * @param items items purged for good, including those purged along with a parent (SPEC R18)
 * @param bytes bytes freed by them (reported to the storage ledger, SPEC R20)
 * @param retrying items taken out of the Trash whose purge hooks failed; the sweeper retries them
 *     with backoff until they succeed (SPEC R19), and their bytes are freed then
 * @param held items Empty Trash kept because they are held (SPEC R32); 0 for other calls
 */
public record Purged(long items, long bytes, long retrying, long held) {
    /** Nothing purged. */
    public static final Purged NONE = new Purged(0, 0, 0);

    /**
     * Validates every component.
     *
     * @param items items purged for good, including those purged along with a parent (SPEC R18)
     * @param bytes bytes freed by them (reported to the storage ledger, SPEC R20)
     * @param retrying items taken out of the Trash whose purge hooks failed; the sweeper retries
     *     them with backoff until they succeed (SPEC R19), and their bytes are freed then
     * @param held items Empty Trash kept because they are held (SPEC R32); 0 for other calls
     */
    public Purged {
        Check.notNegative(items, "items");
        Check.notNegative(bytes, "bytes");
        Check.notNegative(retrying, "retrying");
        Check.notNegative(held, "held");
    }

    /**
     * What was purged, with nothing kept for a hold.
     *
     * @param items items purged for good, including those purged along with a parent (SPEC R18)
     * @param bytes bytes freed by them (reported to the storage ledger, SPEC R20)
     * @param retrying items taken out of the Trash whose purge hooks failed; the sweeper retries
     *     them with backoff until they succeed (SPEC R19), and their bytes are freed then
     */
    public Purged(long items, long bytes, long retrying) {
        this(items, bytes, retrying, 0);
    }

    /**
     * {@return this with {@code held} items kept for a hold}
     *
     * @param heldItems how many items were kept because they are held
     */
    public Purged withHeld(long heldItems) {
        return new Purged(items, bytes, retrying, heldItems);
    }

    /**
     * {@return the sum of this and {@code other}}
     *
     * @param other the other value to add
     */
    public Purged plus(Purged other) {
        return new Purged(items + other.items, bytes + other.bytes, retrying + other.retrying, held + other.held);
    }
}
