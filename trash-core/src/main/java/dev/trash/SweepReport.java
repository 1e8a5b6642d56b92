package dev.trash;

import dev.trash.internal.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One sweep of a {@link TrashSweeper}, told to every {@link dev.trash.spi.TrashListener#onSweep}
 * when it ends, scheduled or not (SPEC R31: each sweep's duration and outcome). Immutable and
 * thread-safe.
 *
 * @param startedAt when the sweep started, by the manager's clock
 * @param duration how long it ran, measured with {@link System#nanoTime()} (a ManualClock in
 *     tests does not freeze it)
 * @param outcome how it ended
 * @param result what it purged; items whose hooks failed count as {@link Purged#retrying()}
 * @param error why it failed, if {@code outcome} is {@link Outcome#FAILED}
 */
public record SweepReport(Instant startedAt, Duration duration, Outcome outcome, Purged result,
                          Optional<String> error) {
    /** How a sweep ended. */
    public enum Outcome {
        /** Nothing due was left, or what was left is waiting for a retry (failed hooks are retried, not failures of the sweep). */
        COMPLETED,
        /** It was stopped ({@link TrashSweeper#stop} or an interrupt) before it was done. */
        STOPPED,
        /** It could not look for or claim due items, or a batch failed (the database, an {@link Error}). */
        FAILED
    }

    /**
     * Validates every component.
     *
     * @param startedAt when the sweep started, by the manager's clock
     * @param duration how long it ran, measured with {@link System#nanoTime()} (a ManualClock in
     *     tests does not freeze it)
     * @param outcome how it ended
     * @param result what it purged; items whose hooks failed count as {@link Purged#retrying()}
     * @param error why it failed, if {@code outcome} is {@link Outcome#FAILED}
     */
    public SweepReport {
        Check.notNull(startedAt, "startedAt");
        Check.notNull(duration, "duration");
        Check.notNull(outcome, "outcome");
        Check.notNull(result, "result");
        Check.notNull(error, "error");
    }
}
