package dev.trash.spi;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * The purge state of a trash item that a purge has taken out of the Trash: it is no longer listed
 * or restorable, and is purged for good by its owner, or by any worker once {@code availableAt}
 * has passed (a lease that ran out, or a retry after a failed hook). Immutable and thread-safe.
 *
 * @param owner the worker that claimed it last
 * @param availableAt when another worker may claim it
 * @param attempts how many purge attempts failed so far
 * @param lastError the last failure's message, if any
 */
public record PurgeState(String owner, Instant availableAt, int attempts, Optional<String> lastError) {
    /**
     * Validates every component.
     *
     * @param owner the worker that claimed it last
     * @param availableAt when another worker may claim it
     * @param attempts how many purge attempts failed so far
     * @param lastError the last failure's message, if any
     */
    public PurgeState {
        Check.text(owner, "owner");
        Check.notNull(availableAt, "availableAt");
        Check.notNegative(attempts, "attempts");
        Check.notNull(lastError, "lastError");
    }
}
