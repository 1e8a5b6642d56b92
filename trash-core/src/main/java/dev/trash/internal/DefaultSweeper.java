package dev.trash.internal;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.SweepReport;
import dev.trash.SweeperOptions;
import dev.trash.SweeperStatus;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The {@link TrashSweeper}: lists the workspaces with due items (no lock), then claims a batch in
 * each in turn under its own owner id (SPEC R44) and hands it to the {@link Purger}, round after
 * round while a workspace gives full batches, then lists again, until nothing is due. {@link #stop} is checked before every batch and every purge unit
 * (SPEC R30). Failures (a claim, a hook, a delete) are kept in the status, and every sweep ends
 * with a {@link SweepReport} to the listeners (SPEC R31). Thread-safe: sweeps of one sweeper run
 * one at a time (a lock); the schedule is guarded by {@code this}; the status is immutable,
 * replaced as a whole under its own lock.
 */
final class DefaultSweeper implements TrashSweeper {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    /** How many workspaces with due items one round looks at. */
    static final int WORKSPACES_PER_ROUND = 1_000;

    private final TrashStore store;
    private final TrashTransactions tx;
    private final Clock clock;
    private final Purger purger;
    private final SweeperOptions options;
    private final Events events;
    private final String owner = "sweeper-" + UUID.randomUUID();
    private final ReentrantLock sweeping = new ReentrantLock();
    /** Counts calls of {@link #stop}: a sweep that sees it change stops. */
    private final AtomicInteger stops = new AtomicInteger();
    private ScheduledFuture<?> schedule;
    /** Whether scheduled runs may sweep; cleared by {@link #stop} so a run that already started does nothing. */
    private volatile boolean scheduled;
    /** Guards the replacement of {@link #status} (reads need no lock: it is volatile and immutable). */
    private final Object statusLock = new Object();
    private volatile SweeperStatus status = new SweeperStatus(false, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** The failure that made the running sweep fail, if any; guarded by {@link #sweeping}. */
    private String sweepFailure;

    private final Optional<Warner> warner;

    DefaultSweeper(TrashStore store, TrashTransactions tx, Clock clock, Purger purger, SweeperOptions options,
                   Events events, Optional<Warner> warner) {
        this.warner = warner;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.purger = purger;
        this.options = options;
        this.events = events;
    }

    @Override
    public Purged sweepOnce() {
        if (tx.isActive()) {
            throw new IllegalStateException("sweepOnce cannot run inside a transaction: its purge hooks delete data "
                    + "outside the database that a rollback could not bring back; run it from a scheduler thread");
        }
        sweeping.lock();
        try {
            int stopsAtStart = stops.get();
            return reported(() -> stops.get() != stopsAtStart || Thread.currentThread().isInterrupted());
        } finally {
            sweeping.unlock();
        }
    }

    /** Runs one sweep (holding {@link #sweeping}) and tells the listeners how it went, even if it threw. */
    private Purged reported(BooleanSupplier stopped) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        sweepFailure = null;
        Purged result = Purged.NONE;
        Throwable thrown = null;
        try {
            result = sweep(stopped);
            return result;
        } catch (RuntimeException | Error e) {
            thrown = e;
            throw e;
        } finally {
            Optional<String> failure = thrown != null ? Optional.of(String.valueOf(thrown)) : Optional.ofNullable(sweepFailure);
            SweepReport.Outcome outcome = failure.isPresent() ? SweepReport.Outcome.FAILED
                    : stopped.getAsBoolean() ? SweepReport.Outcome.STOPPED : SweepReport.Outcome.COMPLETED;
            events.sweep(new SweepReport(startedAt, Duration.ofNanos(System.nanoTime() - start), outcome, result,
                    failure));
        }
    }

    private Purged sweep(BooleanSupplier stopped) {
        Purged total = Purged.NONE;
        if (warner.isPresent()) {
            try {
                warner.get().warn(options.batchSize(), stopped, this::recordError);
            } catch (RuntimeException e) {
                return failed(total, "the sweeper could not send expiry warnings; it tries again on its next run", e);
            }
        }
        while (!stopped.getAsBoolean()) {
            List<WorkspaceId> workspaces;
            try {
                Instant now = DefaultTrashManager.now(clock);
                workspaces = store.workspaces(ItemStates.due(now), WORKSPACES_PER_ROUND);
            } catch (RuntimeException e) {
                return failed(total, "the sweeper could not look for due items; it tries again on its next run", e);
            }
            boolean claimedAny = false;
            // One batch per workspace in turn, round after round, as long as a workspace gives full
            // batches: one that gives less has nothing due left that this worker can take (the rest,
            // if any, is held by other workers), and leaves the turn. The listing, which reads the
            // index entry of every due item, thus runs once per drained list of workspaces, not once
            // per round of batches; new due items and workspaces are found by the next listing.
            List<WorkspaceId> turn = new ArrayList<>(workspaces);
            while (!turn.isEmpty() && !stopped.getAsBoolean()) {
                for (Iterator<WorkspaceId> next = turn.iterator(); next.hasNext(); ) {
                    WorkspaceId workspace = next.next();
                    if (stopped.getAsBoolean()) {
                        break;
                    }
                    Claim claim;
                    List<TrashRecord> claimed;
                    try {
                        Instant at = DefaultTrashManager.now(clock);
                        claim = new Claim(owner, at, at.plus(options.lease()));
                        claimed = tx.inTransaction(() -> store.claimNext(workspace, ItemStates.due(at),
                                ItemStates.claim(owner, claim.leaseUntil()), options.batchSize()));
                    } catch (RuntimeException e) {
                        return failed(total, "the sweeper could not claim due items of workspace " + workspace
                                + "; it tries again on its next run", e);
                    }
                    if (claimed.size() < options.batchSize()) {
                        next.remove();
                    }
                    if (claimed.isEmpty()) {
                        continue;
                    }
                    claimedAny = true;
                    try {
                        total = total.plus(purger.purge(workspace, claimed, claim, options, stopped, this::recordError,
                                ActorId.SWEEPER));
                    } catch (Throwable e) {
                        record(total, "the sweeper failed on a batch of workspace " + workspace
                                + "; its items are retried after their lease", e);
                        total = total.plus(new Purged(0, 0, claimed.size()));
                        if (e instanceof Error error) {
                            throw error;
                        }
                    }
                }
            }
            if (!claimedAny) {
                break;
            }
        }
        done(total);
        return total;
    }

    private Purged failed(Purged total, String message, Throwable e) {
        record(total, message, e);
        return total;
    }

    /**
     * Replaces the status by {@code change} of it, atomically: sweeps, {@link #start} and
     * {@link #stop} update it from different threads, and none may undo another's change.
     */
    private void updateStatus(UnaryOperator<SweeperStatus> change) {
        synchronized (statusLock) {
            status = change.apply(status);
        }
    }

    /** Logs a failure that ended a sweep, keeps it in the status (SPEC R31's health) and fails the sweep's report. */
    private void record(Purged total, String message, Throwable e) {
        LOG.log(e instanceof Error ? Level.ERROR : Level.WARNING, message, e);
        sweepFailure = message + ": " + e;
        Instant at = clock.instant();
        updateStatus(s -> new SweeperStatus(s.running(), Optional.of(at), Optional.of(total),
                Optional.of(message + ": " + e), Optional.of(at), s.stoppedBecause()));
    }

    /** Keeps a failure inside a sweep (a hook or a delete that failed; already logged) in the status. */
    private void recordError(String message, Throwable e) {
        Instant at = clock.instant();
        updateStatus(s -> new SweeperStatus(s.running(), s.lastSweepAt(), s.lastResult(), Optional.of(message + ": " + e),
                Optional.of(at), s.stoppedBecause()));
    }

    private void done(Purged total) {
        Instant at = clock.instant();
        updateStatus(s -> new SweeperStatus(s.running(), Optional.of(at), Optional.of(total), s.lastError(),
                s.lastErrorAt(), s.stoppedBecause()));
    }

    private void scheduledSweep() {
        sweeping.lock();
        try {
            if (!scheduled) {
                return;
            }
            int stopsAtStart = stops.get();
            Purged purged = reported(() -> stops.get() != stopsAtStart || !scheduled
                    || Thread.currentThread().isInterrupted());
            if (purged.items() > 0 || purged.retrying() > 0) {
                LOG.log(Level.INFO, "sweeper purged " + purged.items() + " items (" + purged.bytes() + " bytes), "
                        + purged.retrying() + " waiting for a retry");
            }
        } catch (Throwable e) {
            // Never let anything cancel the schedule silently: the executor would drop it for good.
            record(Purged.NONE, "a sweep failed; the sweeper runs again at its next interval", e);
        } finally {
            sweeping.unlock();
        }
    }

    @Override
    public synchronized void start(ScheduledExecutorService executor) {
        Check.notNull(executor, "executor");
        if (schedule != null) {
            throw new IllegalStateException("sweeper is already started; stop it before starting it again");
        }
        scheduled = true;
        updateStatus(s -> new SweeperStatus(true, s.lastSweepAt(), s.lastResult(), s.lastError(), s.lastErrorAt(),
                Optional.empty()));
        try {
            schedule = executor.scheduleWithFixedDelay(this::scheduledSweep, 0, options.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // e.g. the executor is shut down: nothing is scheduled
            scheduled = false;
            updateStatus(s -> new SweeperStatus(false, s.lastSweepAt(), s.lastResult(), s.lastError(), s.lastErrorAt(),
                    s.stoppedBecause()));
            throw e;
        }
    }

    @Override
    public boolean stop(Duration timeout) {
        Check.notNull(timeout, "timeout");
        synchronized (this) {
            scheduled = false;
            stops.incrementAndGet();
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
            updateStatus(s -> new SweeperStatus(false, s.lastSweepAt(), s.lastResult(), s.lastError(), s.lastErrorAt(),
                    s.stoppedBecause()));
        }
        if (sweeping.isHeldByCurrentThread()) {
            return false; // called from a hook or listener of this sweeper's own sweep: it stops once this returns
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
        return schedule != null && !schedule.isDone();
    }

    @Override
    public SweeperStatus status() {
        SweeperStatus s = status;
        boolean running = isRunning();
        if (s.running() && !running) {
            // The executor dropped the schedule (it was shut down) without stop() being called.
            return new SweeperStatus(false, s.lastSweepAt(), s.lastResult(), s.lastError(), s.lastErrorAt(),
                    Optional.of("its executor ended the schedule (shut down or cancelled) before stop() was called"));
        }
        return s;
    }
}
