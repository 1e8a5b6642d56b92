package dev.trash.spi;

import dev.trash.internal.Check;
import java.time.Instant;

/**
 * A purge worker's claim on trash items: who claims, at what time, and until when the claim
 * holds. A claim whose lease has passed may be taken over by another worker (SPEC R19, R22).
 * Immutable and thread-safe.
 *
 * @param owner an id unique to the claiming worker (a sweeper, or one manual purge)
 * @param now the time of the claim, from the manager's clock
 * @param leaseUntil until when no other worker may take the claimed items
 */
public record Claim(String owner, Instant now, Instant leaseUntil) {
    /** Validates every component. */
    public Claim {
        Check.text(owner, "owner");
        Check.notNull(now, "now");
        Check.notNull(leaseUntil, "leaseUntil");
        if (!leaseUntil.isAfter(now)) {
            throw new IllegalArgumentException("leaseUntil must be after now: " + leaseUntil + " <= " + now);
        }
    }
}
