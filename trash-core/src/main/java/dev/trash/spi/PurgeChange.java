package dev.trash.spi;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A change of purge state that core decides and a store writes to every row it applies to: the
 * claim's owner, when the item becomes available to others (also its {@link ItemField#DUE_AT}),
 * and, if present, the failed attempts and the last error (else both stay as they were).
 * Immutable and thread-safe.
 *
 * @param owner the owner of the claim
 * @param availableAt when another worker may claim the item; also its new due time
 * @param attempts the failed attempts to write, or empty to keep each row's own
 * @param lastError the last error to write, or empty to keep each row's own
 */
public record PurgeChange(String owner, Instant availableAt, OptionalInt attempts, Optional<String> lastError) {
    /**
     * Validates every component.
     *
     * @param owner the owner of the claim
     * @param availableAt when another worker may claim the item; also its new due time
     * @param attempts the failed attempts to write, or empty to keep each row's own
     * @param lastError the last error to write, or empty to keep each row's own
     */
    public PurgeChange {
        Check.text(owner, "owner");
        Check.notNull(availableAt, "availableAt");
        Check.notNull(attempts, "attempts");
        attempts.ifPresent(a -> Check.notNegative(a, "attempts"));
        Check.notNull(lastError, "lastError");
    }

    /**
     * {@return {@code record} with this change applied: what the store must hold afterwards}
     *
     * @param record the trash item as the store keeps it
     */
    public TrashRecord applyTo(TrashRecord record) {
        Optional<PurgeState> old = record.purge();
        int n = attempts.isPresent() ? attempts.getAsInt() : old.map(PurgeState::attempts).orElse(0);
        Optional<String> error = lastError.isPresent() ? lastError : old.flatMap(PurgeState::lastError);
        return record.withPurge(Optional.of(new PurgeState(owner, availableAt, n, error)));
    }
}
