package dev.trash.jdbi;

import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeChange;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The conditions and changes the adapter's own tests hand the store directly, as a sweeper or
 * Empty Trash would (core decides the real ones; these are the plain cases: due, in the Trash, a
 * claim with a lease).
 */
final class Claims {
    private Claims() {
    }

    /** @return due at {@code now}: an item whose due time has come (expired, or a lease or backoff that ran out) */
    static Condition due(Instant now) {
        return Condition.compare(ItemField.DUE_AT, Condition.Op.LE, now);
    }

    /** @return in the Trash: not claimed by any purge */
    static Condition inTrash() {
        return Condition.isNull(ItemField.PURGE_OWNER);
    }

    /** @return a claim by {@code owner} leased until {@code until}, attempts and error kept */
    static PurgeChange claim(String owner, Instant until) {
        return new PurgeChange(owner, until, OptionalInt.empty(), Optional.empty());
    }
}
