package dev.trash.spi;

import java.time.Instant;

/**
 * A field of a {@link TrashRecord} that a {@link Condition} can test. Core decides what
 * "listed", "due", "claimable" mean as conditions over these fields; a store only evaluates them
 * (in memory with {@link #of(TrashRecord)}, in SQL on the column that holds the field). A new
 * purge rule is a new field here plus a column, not a predicate in every store. Thread-safe.
 */
public enum ItemField {
    /** When the item stops being restorable: deletion time plus retention ({@link Instant}). */
    EXPIRES_AT,
    /**
     * When a sweeper may take the item ({@link Instant}): its expiry while it is in the Trash, its
     * purge state's {@code availableAt} once a purge has claimed it. Stores keep it in an indexed
     * column (trash-jdbi: {@code due_at}, exact in the Trash, a lower bound once claimed, so that a
     * claim need not rewrite it; its conditions on this field stay exact).
     */
    DUE_AT,
    /** The owner of the item's purge claim ({@link String}); null while the item is in the Trash. */
    PURGE_OWNER,
    /** When another worker may claim the item ({@link Instant}); null while the item is in the Trash. */
    AVAILABLE_AT,
    /** How many purge attempts failed ({@link Integer}; 0 while the item is in the Trash). */
    ATTEMPTS,
    /** When the item's hold was placed ({@link Instant}); null while it is not held (SPEC R32). */
    HELD_AT,
    /** The root's name at deletion ({@link String}), for name filters (SPEC R38). */
    NAME,
    /** Who deleted the item ({@link String}, the actor id; SPEC R38). */
    DELETED_BY,
    /** When the item was deleted ({@link Instant}; SPEC R38). */
    DELETED_AT,
    /** The bytes of the root and its cascaded children ({@link Long}; SPEC R38). */
    SIZE,
    /** When the sweeper told the host that the item expires soon ({@link Instant}); null before (SPEC R39). */
    WARNED_AT;

    /**
     * {@return this field's value in {@code record}: an {@link Instant}, {@link String}, {@link Integer} or {@link Long}, or null}
     *
     * @param record the trash item as the store keeps it
     */
    public Object of(TrashRecord record) {
        return switch (this) {
            case EXPIRES_AT -> record.expiresAt();
            case DUE_AT -> record.purge().map(PurgeState::availableAt).orElse(record.expiresAt());
            case PURGE_OWNER -> record.purge().map(PurgeState::owner).orElse(null);
            case AVAILABLE_AT -> record.purge().map(PurgeState::availableAt).orElse(null);
            case ATTEMPTS -> record.purge().map(PurgeState::attempts).orElse(0);
            case HELD_AT -> record.hold().map(dev.trash.Hold::at).orElse(null);
            case NAME -> record.name();
            case DELETED_BY -> record.deletedBy().value();
            case DELETED_AT -> record.deletedAt();
            case SIZE -> record.sizeBytes();
            case WARNED_AT -> record.warnedAt().orElse(null);
        };
    }
}
