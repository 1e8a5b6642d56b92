package dev.trash.jdbi.spring;

import dev.trash.InvalidArgumentException;
import dev.trash.TrashSweeper;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link TrashSweeper} for as long as the Spring application context runs (SPEC R17, R30):
 * started with the context on a thread of its own ({@code trash-sweeper}, a daemon), and stopped
 * gracefully when the context closes, before any bean is destroyed, so before the
 * {@code DataSource}'s pool closes (Spring stops every {@link SmartLifecycle} first): no new batch
 * or purge unit starts, the units not started yet are handed back at once, and closing waits up to
 * the shutdown timeout for the unit that is running. If that unit does not end in time, its thread
 * is interrupted and given the same time again; a unit still running after that is logged (the
 * pool closes under it, and the unit is finished by a later sweep when its lease ends).
 *
 * <p>Its phase is {@link SmartLifecycle#DEFAULT_PHASE}: it starts after, and stops before, every
 * lifecycle bean of a lower phase (e.g. the web server's graceful shutdown). Thread-safe.
 */
public final class TrashSweeperLifecycle implements SmartLifecycle {
    private static final System.Logger LOG = System.getLogger("dev.trash");

    private final TrashSweeper sweeper;
    private final Duration shutdownTimeout;
    private ScheduledExecutorService executor;

    /**
     * Creates the lifecycle of the sweeper.
     *
     * @param sweeper the sweeper to run
     * @param shutdownTimeout how long stopping waits for the running purge unit
     */
    public TrashSweeperLifecycle(TrashSweeper sweeper, Duration shutdownTimeout) {
        if (sweeper == null) {
            throw new InvalidArgumentException("sweeper must not be null");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new InvalidArgumentException("shutdownTimeout must be zero or positive, was " + shutdownTimeout);
        }
        this.sweeper = sweeper;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** {@return the sweeper it runs} */
    public TrashSweeper sweeper() {
        return sweeper;
    }

    /** Starts the sweeper's schedule: a sweep now, then one every interval after the previous ended. */
    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "trash-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.start(executor);
    }

    /** Stops the sweeper gracefully and ends its thread; returns when both are done or the timeouts passed. */
    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        ScheduledExecutorService running = executor;
        executor = null;
        boolean ended = sweeper.stop(shutdownTimeout);
        running.shutdown();
        try {
            if (!ended) {
                LOG.log(Level.WARNING, "the sweeper's running purge unit did not end within " + shutdownTimeout
                        + "; interrupting it");
                running.shutdownNow();
            }
            if (!running.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "the sweeper's thread is still running after " + shutdownTimeout
                        + " more; its purge unit stays claimed and is finished by a later sweep after its lease");
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@return whether it was started and not stopped since} */
    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** {@return {@link SmartLifecycle#DEFAULT_PHASE}} */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
