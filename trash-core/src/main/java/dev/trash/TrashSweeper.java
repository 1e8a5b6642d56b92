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
 * <p>The sweeper claims one workspace at a time (SPEC R44): it lists the workspaces with due items
 * without locking anything, then takes a batch from each in turn, so one workspace's backlog cannot
 * starve the others.
 *
 * <p><b>Stopping (SPEC R30).</b> After {@link #stop} (or an interrupt of the sweeping thread) no new
 * batch is claimed and no new purge unit starts: the unit whose hooks are running finishes, and the
 * units of the batch that had not started are handed back at once, so another instance takes them
 * without waiting for their lease.
 *
 * <p>Thread-safe. A sweep never throws (except an {@link IllegalStateException} when called inside
 * a transaction of the backend, where its hooks could not run safely): failures are logged
 * (System.Logger {@code dev.trash}), kept in {@link #status()}, and retried on the next sweep. An
 * {@link Error} thrown by a hook (even a {@link StackOverflowError}) counts as a failure of that
 * item's purge; no error ends the schedule.
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
     * @param executor the executor to run on
     * @throws IllegalStateException if it is already started
     */
    void start(ScheduledExecutorService executor);

    /**
     * Cancels the schedule and stops the running sweep, if any: no new batch or purge unit starts,
     * the claimed units that had not started are handed back at once, and this method waits up to
     * {@code timeout} for the unit that is running to finish. A unit cut short by the timeout stays
     * claimed and is finished by a later sweep (of any instance) when its lease ends. The sweeper
     * can be started, or {@link #sweepOnce()} called, again afterwards.
     *
     * @param timeout the longest wait
     * @return whether the running unit (if any) ended within {@code timeout}
     */
    boolean stop(Duration timeout);

    /** {@return whether the sweeper is started on a schedule} */
    boolean isRunning();

    /** {@return what the sweeper last did: its last sweep, its last error, whether it is running} */
    SweeperStatus status();
}
