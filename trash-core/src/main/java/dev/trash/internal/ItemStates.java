package dev.trash.internal;

import dev.trash.spi.Condition;
import dev.trash.spi.Condition.Op;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.TrashRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The purge state machine, in one place: what "listed", "restorable", "due", "claimable" and
 * "owned by" mean, as {@link Condition}s that every store evaluates as given, and the transitions
 * (claim, hand back, fail) as {@link PurgeChange}s. No store decides any of this itself, so a new
 * rule (a hold, an expiry warning) is written here once, plus the field it needs.
 *
 * <pre>
 *   in the Trash ──(expiry passes)──▶ due ──(claim)──▶ claimed ──(hooks ok, rows deleted)──▶ gone
 *        │                                    ▲            │
 *        └─(restore: removed)                 └─(release: available again at a later time;
 *                                                 after a failure: retrying, attempts + 1)
 * </pre>
 *
 * A <em>hold</em> (SPEC R32) is orthogonal: it can be placed only on an item in the Trash (not
 * claimed), and while it is in place the item is listed and restorable even past its expiry, and is
 * neither due nor claimable by any purge. Lifting it leaves the item's due time as it was (its
 * expiry), so an expired item is due at once.
 *
 * Stateless and thread-safe.
 */
final class ItemStates {
    private ItemStates() {
    }

    /** {@return in the Trash (no purge has claimed it)} */
    static Condition inTrash() {
        return Condition.isNull(ItemField.PURGE_OWNER);
    }

    /** {@return listed at {@code now} and going to expire: in the Trash, not held, not expired (SPEC R39)} */
    static Condition expiring(Instant now) {
        return Condition.all(inTrash(), notHeld(), Condition.compare(ItemField.EXPIRES_AT, Op.GT, now));
    }

    /** {@return held (SPEC R32)} */
    static Condition held() {
        return Condition.notNull(ItemField.HELD_AT);
    }

    /** {@return not held} */
    static Condition notHeld() {
        return Condition.isNull(ItemField.HELD_AT);
    }

    /** {@return listed at {@code now}: in the Trash and not expired, or held (SPEC R6, R9, R32)} */
    static Condition listed(Instant now) {
        return Condition.all(inTrash(), Condition.any(Condition.compare(ItemField.EXPIRES_AT, Op.GT, now), held()));
    }

    /**
     * {@return not listed at {@code now} but not purged yet: expired and not held, or claimed by a
     *     purge (the complement of {@link #listed})}
     */
    static Condition purging(Instant now) {
        return Condition.any(Condition.notNull(ItemField.PURGE_OWNER), expired(now));
    }

    /** {@return a hold can be placed at {@code now}: in the Trash, not held yet, not expired (SPEC R9, R32)} */
    static Condition holdable(Instant now) {
        return Condition.all(inTrash(), notHeld(), Condition.compare(ItemField.EXPIRES_AT, Op.GT, now));
    }

    /** {@return what a re-applied retention changes at {@code now}: in the Trash and not expired, held or not (SPEC R36)} */
    static Condition reexpirable(Instant now) {
        return Condition.all(inTrash(), Condition.compare(ItemField.EXPIRES_AT, Op.GT, now));
    }

    /** {@return what Empty Trash takes: in the Trash and not held} */
    static Condition emptiable() {
        return Condition.all(inTrash(), notHeld());
    }

    /**
     * {@return to be warned of its expiry at {@code now} (SPEC R39): in the Trash, not held, not
     *     warned yet, and expiring after {@code now} but within {@code before} of it}
     */
    static Condition warnable(Instant now, java.time.Duration before) {
        return Condition.all(inTrash(), notHeld(), Condition.isNull(ItemField.WARNED_AT),
                Condition.compare(ItemField.EXPIRES_AT, Op.GT, now),
                Condition.compare(ItemField.EXPIRES_AT, Op.LE, now.plus(before)));
    }

    /** {@return held items in the Trash: what Empty Trash keeps} */
    static Condition kept() {
        return Condition.all(inTrash(), held());
    }

    /** {@return claimed by a purge that failed at least once: waiting for, or in, a retry (SPEC R19)} */
    static Condition retrying() {
        return Condition.all(Condition.notNull(ItemField.PURGE_OWNER), Condition.compare(ItemField.ATTEMPTS, Op.GE, 1));
    }

    /** {@return past its expiry at {@code now} and not held, whether a purge has claimed it or not (SPEC R9, R32)} */
    static Condition expired(Instant now) {
        return Condition.all(Condition.compare(ItemField.EXPIRES_AT, Op.LE, now), notHeld());
    }

    /** {@return restorable at {@code now}: exactly what is listed (SPEC R9, R14)} */
    static Condition restorable(Instant now) {
        return listed(now);
    }

    /** {@return whether {@code record} is restorable at {@code now}} */
    static boolean isRestorable(TrashRecord record, Instant now) {
        return restorable(now).test(record);
    }

    /**
     * {@return due at {@code now}, for the sweeper: expired and in the Trash, or claimed by a purge
     *     whose lease ran out or whose retry time has come (both are the item's due time)}
     */
    static Condition due(Instant now) {
        return Condition.all(Condition.compare(ItemField.DUE_AT, Op.LE, now), notHeld());
    }

    /** {@return claimable by a manual purge at {@code now}: not held, and in the Trash (expired or not) or due} */
    static Condition claimable(Instant now) {
        return Condition.all(notHeld(), Condition.any(inTrash(), Condition.compare(ItemField.AVAILABLE_AT, Op.LE, now)));
    }

    /** {@return claimed by {@code owner} (and not taken over by another worker since)} */
    static Condition ownedBy(String owner) {
        return Condition.compare(ItemField.PURGE_OWNER, Op.EQ, owner);
    }

    /** {@return a claim by {@code owner} until {@code leaseUntil}; attempts and last error stay as they were} */
    static PurgeChange claim(String owner, Instant leaseUntil) {
        return new PurgeChange(owner, leaseUntil, OptionalInt.empty(), Optional.empty());
    }

    /** {@return handing a claimed item back, claimable by anyone at {@code at}, without counting a failure} */
    static PurgeChange handBack(String owner, Instant at) {
        return new PurgeChange(owner, at, OptionalInt.empty(), Optional.empty());
    }

    /** {@return a failed purge: retried at {@code at}, with {@code attempts} failed attempts and {@code error}} */
    static PurgeChange failed(String owner, Instant at, int attempts, String error) {
        return new PurgeChange(owner, at, OptionalInt.of(attempts), Optional.of(error));
    }

    /** {@return the failed attempts recorded on {@code record}} */
    static int attempts(TrashRecord record) {
        return (Integer) ItemField.ATTEMPTS.of(record);
    }
}
