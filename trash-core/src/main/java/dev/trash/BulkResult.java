package dev.trash;

import dev.trash.internal.Check;
import java.util.List;
import java.util.Optional;

/**
 * What a bulk restore or purge did, item by item, in the order asked (SPEC R35). Each item was
 * restored or purged atomically on its own; one refused item stopped no other.
 * Immutable and thread-safe.
 *
 * @param outcomes one outcome per item asked for, in the order given
 */
public record BulkResult(List<Outcome> outcomes) {
    /**
     * Validates and freezes the outcomes.
     *
     * @param outcomes one outcome per item asked for, in the order given
     */
    public BulkResult {
        outcomes = List.copyOf(Check.notNull(outcomes, "outcomes"));
    }

    /**
     * {@return how many items ended with {@code status}}
     *
     * @param status what happened to it
     */
    public long count(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** {@return the outcomes of the items that were refused} */
    public List<Outcome> refused() {
        return outcomes.stream().filter(Outcome::refused).toList();
    }

    /**
     * {@return the outcome of {@code item}, if it was asked for}
     *
     * @param item the item
     */
    public Optional<Outcome> of(TrashItemId item) {
        return outcomes.stream().filter(o -> o.item().equals(item)).findFirst();
    }

    /**
     * The outcome of one item.
     *
     * @param item the item
     * @param status what happened to it
     * @param message a sentence saying what happened; for a refusal, the message of the error a
     *     single restore or purge of the item would have thrown
     * @param restored what came back, for {@link Status#RESTORED} and {@link Status#RENAMED}
     * @param purged what was purged, for {@link Status#PURGED} and {@link Status#RETRYING}
     */
    public record Outcome(TrashItemId item, Status status, String message, Optional<Restored> restored,
                          Optional<Purged> purged) {
        /**
         * Validates every component.
         *
         * @param item the item
         * @param status what happened to it
         * @param message a sentence saying what happened; for a refusal, the message of the error a
         *     single restore or purge of the item would have thrown
         * @param restored what came back, for {@link Status#RESTORED} and {@link Status#RENAMED}
         * @param purged what was purged, for {@link Status#PURGED} and {@link Status#RETRYING}
         */
        public Outcome {
            Check.notNull(item, "item");
            Check.notNull(status, "status");
            Check.notNull(message, "message");
            Check.notNull(restored, "restored");
            Check.notNull(purged, "purged");
        }

        /** {@return whether the item was refused (nothing of it changed)} */
        public boolean refused() {
            return status.refusal;
        }
    }

    /** What happened to one item of a bulk call. */
    public enum Status {
        /** Restored with its own slug. */
        RESTORED(false),
        /** Restored under a new slug, its own being taken (SPEC R11). */
        RENAMED(false),
        /** Purged for good. */
        PURGED(false),
        /** Taken out of the Trash, but a purge hook failed: the sweeper retries it (SPEC R19). */
        RETRYING(false),
        /** No such item in the workspace ({@link NotFoundException}). */
        NOT_FOUND(true),
        /** Past its expiry ({@link ExpiredException}). */
        EXPIRED(true),
        /** Its parent is in the Trash ({@link ParentInTrashException}, SPEC R12). */
        PARENT_IN_TRASH(true),
        /** Held (SPEC R32): a purge refuses it. */
        HELD(true),
        /** In a state that refuses the operation: being purged, its row gone, a slug clash ({@link ConflictException}). */
        CONFLICT(true),
        /** A concurrent operation changed it; asking again may succeed ({@link RetryableException}). */
        RETRY(true),
        /** The backend failed on this item (a lost connection: {@link BackendException}); nothing of it changed. */
        FAILED(true);

        private final boolean refusal;

        Status(boolean refusal) {
            this.refusal = refusal;
        }

        /** {@return whether this status means the item was refused, nothing of it changed} */
        public boolean isRefusal() {
            return refusal;
        }
    }
}
