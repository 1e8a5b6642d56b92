package dev.trash;

import dev.trash.internal.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the Trash holds across every workspace, for metrics and health checks (SPEC R31): made by
 * {@link TrashManager#totals()}. The counts are read without locks, one after the other, so under
 * concurrent work they may disagree by the items that changed meanwhile. No workspace appears in
 * it: a per-workspace metric would have unbounded cardinality. Immutable and thread-safe.
 *
 * @param at when it was counted, by the manager's clock
 * @param items items listed in the Trash (restorable), in all workspaces
 * @param bytes their bytes
 * @param purgingItems items no longer listed but not purged yet: expired and waiting for the
 *     sweeper, or claimed by a purge (running, or waiting for a retry)
 * @param purgingBytes their bytes, which still count toward storage until the purge ends (SPEC R20)
 * @param retrying items whose purge failed at least once and that wait for (or are in) a retry (SPEC R19)
 * @param oldestDueAt the due time of the item that has been due the longest, if any is due now
 */
public record TrashTotals(Instant at, long items, long bytes, long purgingItems, long purgingBytes, long retrying,
                          Optional<Instant> oldestDueAt) {
    /**
     * Validates every component.
     *
     * @param at when it was counted, by the manager's clock
     * @param items items listed in the Trash (restorable), in all workspaces
     * @param bytes their bytes
     * @param purgingItems items no longer listed but not purged yet: expired and waiting for the
     *     sweeper, or claimed by a purge (running, or waiting for a retry)
     * @param purgingBytes their bytes, which still count toward storage until the purge ends (SPEC R20)
     * @param retrying items whose purge failed at least once and that wait for (or are in) a retry (SPEC R19)
     * @param oldestDueAt the due time of the item that has been due the longest, if any is due now
     */
    public TrashTotals {
        Check.notNull(at, "at");
        Check.notNegative(items, "items");
        Check.notNegative(bytes, "bytes");
        Check.notNegative(purgingItems, "purgingItems");
        Check.notNegative(purgingBytes, "purgingBytes");
        Check.notNegative(retrying, "retrying");
        Check.notNull(oldestDueAt, "oldestDueAt");
    }

    /**
     * {@return the purge lag: how long the item that has been due the longest has been due at
     *     {@link #at()}; zero when nothing is due. A lag that keeps growing means the sweeper is
     *     not running or cannot keep up.}
     */
    public Duration purgeLag() {
        return oldestDueAt.map(due -> Duration.between(due, at)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }
}
