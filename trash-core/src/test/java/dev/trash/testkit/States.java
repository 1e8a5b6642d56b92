package dev.trash.testkit;

import dev.trash.spi.Condition;
import dev.trash.spi.Condition.Op;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeChange;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The conditions and changes core hands a {@link dev.trash.spi.TrashStore} — what "in the Trash",
 * "listed", "due", "claimable" and "owned by" mean, and what a claim, a hand-back and a failure
 * write — built from the public {@link Condition} API exactly as core's purge state machine builds
 * them (trash-core's own tests check that the two agree), so that the store-contract and
 * concurrency suites call the store as the manager and the sweeper do. Stateless and thread-safe.
 */
public final class States {
    private States() {
    }

    /** @return in the Trash: no purge has claimed it */
    public static Condition inTrash() {
        return Condition.isNull(ItemField.PURGE_OWNER);
    }

    /** @return held (SPEC R32) */
    public static Condition held() {
        return Condition.notNull(ItemField.HELD_AT);
    }

    /** @return not held */
    public static Condition notHeld() {
        return Condition.isNull(ItemField.HELD_AT);
    }

    /** @return listed (and restorable) at {@code now}: in the Trash and expiring strictly after {@code now}, or held */
    public static Condition listed(Instant now) {
        return Condition.all(inTrash(), Condition.any(Condition.compare(ItemField.EXPIRES_AT, Op.GT, now), held()));
    }

    /** @return past its expiry at {@code now}, and not held */
    public static Condition expired(Instant now) {
        return Condition.all(Condition.compare(ItemField.EXPIRES_AT, Op.LE, now), notHeld());
    }

    /** @return due for a sweeper at {@code now}: its due time ({@link ItemField#DUE_AT}) has come, and not held */
    public static Condition due(Instant now) {
        return Condition.all(Condition.compare(ItemField.DUE_AT, Op.LE, now), notHeld());
    }

    /** @return claimable by a manual purge at {@code now}: not held, and in the Trash or available again */
    public static Condition claimable(Instant now) {
        return Condition.all(notHeld(), Condition.any(inTrash(), Condition.compare(ItemField.AVAILABLE_AT, Op.LE, now)));
    }

    /** @return in the Trash and not held: a plain hold condition for the store contract */
    public static Condition holdable() {
        return Condition.all(inTrash(), notHeld());
    }

    /** @return a hold can be placed at {@code now}: in the Trash, not held, not expired (core's condition) */
    public static Condition holdable(Instant now) {
        return Condition.all(inTrash(), notHeld(), Condition.compare(ItemField.EXPIRES_AT, Op.GT, now));
    }

    /** @return claimed by {@code owner} */
    public static Condition ownedBy(String owner) {
        return Condition.compare(ItemField.PURGE_OWNER, Op.EQ, owner);
    }

    /** @return a claim by {@code owner} until {@code leaseUntil}, keeping attempts and last error */
    public static PurgeChange claim(String owner, Instant leaseUntil) {
        return new PurgeChange(owner, leaseUntil, OptionalInt.empty(), Optional.empty());
    }

    /** @return a hand-back by {@code owner}, claimable by anyone at {@code at}, without counting a failure */
    public static PurgeChange handBack(String owner, Instant at) {
        return new PurgeChange(owner, at, OptionalInt.empty(), Optional.empty());
    }

    /** @return a failed purge by {@code owner}: retried at {@code at}, with {@code attempts} failures and {@code error} */
    public static PurgeChange failed(String owner, Instant at, int attempts, String error) {
        return new PurgeChange(owner, at, OptionalInt.of(attempts), Optional.of(error));
    }
}
