package dev.trash.internal;

import dev.trash.ConflictException;
import dev.trash.Purged;
import dev.trash.SweeperOptions;
import dev.trash.TrashSweeper;
import dev.trash.spi.Claim;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link TrashSweeper}: claims due items batch by batch under its own owner id and hands them
 * to the {@link Purger}. Thread-safe: sweeps of one sweeper run one at a time (a lock), the
 * schedule is guarded by {@code this}.
 */
final class DefaultSweeper implements TrashSweeper {
    private static final System.Logger LOG = System.getLogger("dev.trash");

    private final TrashStore store;
    private final TrashTransactions tx;
    private final Clock clock;
    private final Purger purger;
    private final SweeperOptions options;
    private final String owner = "sweeper-" + UUID.randomUUID();
    private final ReentrantLock sweeping = new ReentrantLock();
    private ScheduledFuture<?> schedule;
    /** Whether scheduled runs may sweep; cleared by {@link #stop} so a run that already started does nothing. */
    private volatile boolean scheduled;

    DefaultSweeper(TrashStore store, TrashTransactions tx, Clock clock, Purger purger, SweeperOptions options) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.purger = purger;
        this.options = options;
    }

    @Override
    public Purged sweepOnce() {
        if (tx.isActive()) {
            throw new ConflictException("sweepOnce cannot run inside a transaction: its purge hooks delete data "
                    + "outside the database that a rollback could not bring back; run it from a scheduler thread");
        }
        sweeping.lock();
        try {
            Purged total = Purged.NONE;
            while (true) {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                Claim claim = new Claim(owner, now, now.plus(options.lease()));
                List<TrashRecord> claimed;
                try {
                    claimed = tx.inTransaction(() -> store.claimDue(claim, options.batchSize()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "sweeper could not claim expired items; it tries again on its next run", e);
                    return total;
                }
                if (claimed.isEmpty()) {
                    return total;
                }
                try {
                    total = total.plus(purger.purge(claimed, claim, options));
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "sweeper failed on a batch; its items are retried after their lease", e);
                    return total.plus(new Purged(0, 0, claimed.size()));
                }
                if (claimed.size() < options.batchSize()) {
                    return total;
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    private void scheduledSweep() {
        sweeping.lock();
        try {
            if (!scheduled) {
                return;
            }
            Purged purged = sweepOnce();
            if (purged.items() > 0 || purged.retrying() > 0) {
                LOG.log(Level.INFO, "sweeper purged " + purged.items() + " items (" + purged.bytes() + " bytes), "
                        + purged.retrying() + " waiting for a retry");
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Never let an exception cancel the schedule.
            LOG.log(Level.ERROR, "sweep failed; the sweeper runs again at its next interval", e);
        } finally {
            sweeping.unlock();
        }
    }

    @Override
    public synchronized void start(ScheduledExecutorService executor) {
        Check.notNull(executor, "executor");
        if (schedule != null) {
            throw new ConflictException("sweeper is already started; stop it before starting it again");
        }
        scheduled = true;
        schedule = executor.scheduleWithFixedDelay(this::scheduledSweep, 0, options.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean stop(Duration timeout) {
        Check.notNull(timeout, "timeout");
        synchronized (this) {
            scheduled = false;
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
        try {
            if (sweeping.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                sweeping.unlock();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }
}
