package dev.trash;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link TrashSweeper} last did, for a host's health check and metrics (SPEC R30, R31).
 * Immutable and thread-safe; a new status is made after every sweep.
 *
 * @param running whether the sweeper is started on a schedule
 * @param lastSweepAt when the last sweep (scheduled or not) ended, if one ran
 * @param lastResult what the last sweep purged, if one ran
 * @param lastError the last failure, as a message, if any since the sweeper was made: a sweep that
 *     could not look for or claim due items, a batch that failed, a purge unit whose hook (or the
 *     delete of its rows) failed and is retried, the schedule ending
 * @param lastErrorAt when {@code lastError} happened
 * @param stoppedBecause why the schedule ended without {@link TrashSweeper#stop} being called, if it did
 */
public record SweeperStatus(boolean running, Optional<Instant> lastSweepAt, Optional<Purged> lastResult,
                            Optional<String> lastError, Optional<Instant> lastErrorAt,
                            Optional<String> stoppedBecause) {
    /**
     * Validates every component.
     *
     * @param running whether the sweeper is started on a schedule
     * @param lastSweepAt when the last sweep (scheduled or not) ended, if one ran
     * @param lastResult what the last sweep purged, if one ran
     * @param lastError the last failure, as a message, if any since the sweeper was made: a sweep
     *     that could not look for or claim due items, a batch that failed, a purge unit whose hook
     *     (or the delete of its rows) failed and is retried, the schedule ending
     * @param lastErrorAt when {@code lastError} happened
     * @param stoppedBecause why the schedule ended without {@link TrashSweeper#stop} being called, if it did
     */
    public SweeperStatus {
        Check.notNull(lastSweepAt, "lastSweepAt");
        Check.notNull(lastResult, "lastResult");
        Check.notNull(lastError, "lastError");
        Check.notNull(lastErrorAt, "lastErrorAt");
        Check.notNull(stoppedBecause, "stoppedBecause");
    }
}
