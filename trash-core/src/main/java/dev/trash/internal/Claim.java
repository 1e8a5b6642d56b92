package dev.trash.internal;

import java.time.Instant;

/**
 * A purge worker's claim: who claims (a sweeper, or one manual purge), at what time, and until
 * when its lease holds. A claim whose lease has passed may be taken over by another worker
 * (SPEC R19, R22). Immutable and thread-safe.
 *
 * @param owner an id unique to the claiming worker
 * @param now the time of the claim, from the manager's clock
 * @param leaseUntil until when no other worker may take the claimed items
 */
record Claim(String owner, Instant now, Instant leaseUntil) {
}
