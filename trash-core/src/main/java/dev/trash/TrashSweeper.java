package dev.trash;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The expiry sweeper (SPEC R17, R19, R22): purges every item past its expiry, and retries the
 * purges whose hooks failed. It starts no thread of its own: either the host calls
 * {@link #sweepOnce()} from its own scheduler, or hands it an executor with {@link #start}.
 *
 * <p>Each item is first <em>claimed</em> (it stops being listed or restorable), then its purge
 * hooks run, then its rows are deleted and its bytes freed in one transaction. Claims are leased:
 * several sweepers, in one JVM or in many sharing a database, take disjoint items and never purge
 * one twice; an item whose sweeper died is taken over when the lease runs out. A failing hook
 * leaves the item claimed and it is retried with exponential backoff until it succeeds.
 *
 * <p>Thread-safe. A sweep never throws (except a {@link ConflictException} when called inside a
 * transaction of the stores, where its hooks could not run safely): failures are logged
 * (System.Logger {@code dev.trash}) and retried on the next sweep.
 */
public interface TrashSweeper {
    /**
     * Purges, batch by batch, every item that is due now, and returns when none is left.
     *
     * @return what was purged, and how many items are waiting for a retry
     */
    Purged sweepOnce();

    /**
     * Runs {@link #sweepOnce()} on {@code executor} now and then every {@link SweeperOptions#interval()}
     * after the previous sweep ended.
     *
     * @throws ConflictException if it is already started
     */
    void start(ScheduledExecutorService executor);

    /**
     * Cancels the schedule and waits up to {@code timeout} for a running sweep to finish. An item
     * whose purge is cut short stays claimed and is finished by a later sweep.
     *
     * @return whether no sweep is running any more
     */
    boolean stop(Duration timeout);

    /** @return whether the sweeper is started */
    boolean isRunning();
}
