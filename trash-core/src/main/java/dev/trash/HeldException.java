package dev.trash;

import dev.trash.internal.Check;

/**
 * A purge was refused because the item is held, or holds a held item nested in it (SPEC R32).
 * What to do: lift the hold ({@link TrashManager#releaseHold}) first; the same call fails again
 * until then. Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class HeldException extends ConflictException {
    private static final long serialVersionUID = 1L;

    /** The item whose hold refused the purge. */
    private final TrashItemId heldItem;

    /**
     * Creates the exception.
     *
     * @param message what is held, since when, by whom and why
     * @param heldItem the item whose hold refused the purge (the purged one, or one nested in it)
     */
    public HeldException(String message, TrashItemId heldItem) {
        super(message);
        this.heldItem = Check.notNull(heldItem, "heldItem");
    }

    /** {@return the item whose hold refused the purge} */
    public TrashItemId heldItem() {
        return heldItem;
    }
}
