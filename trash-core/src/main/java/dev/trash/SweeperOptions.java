package dev.trash;

import dev.trash.internal.Check;
import java.time.Duration;

/**
 * How a {@link TrashSweeper} works. Immutable and thread-safe; each {@code with}-style method
 * returns new options.
 *
 * @param batchSize items claimed per batch, 1 to 10,000 (default 100)
 * @param interval time between the end of one scheduled sweep and the start of the next, when
 *     started with {@link TrashSweeper#start} (default one day)
 * @param lease how long a claim holds; a sweeper that dies loses its items to another after it
 *     (default 10 minutes). Must exceed the time the purge hooks of one batch take.
 * @param initialBackoff delay before the first retry of a failed purge (default 1 minute); it
 *     doubles with every failure
 * @param maxBackoff the longest delay between retries (default 6 hours)
 */
public record SweeperOptions(int batchSize, Duration interval, Duration lease, Duration initialBackoff,
                             Duration maxBackoff) {
    private static final Duration MAX = Duration.ofDays(365);

    /**
     * Validates every component.
     *
     * @param batchSize items claimed per batch, 1 to 10,000 (default 100)
     * @param interval time between the end of one scheduled sweep and the start of the next, when
     *     started with {@link TrashSweeper#start} (default one day)
     * @param lease how long a claim holds; a sweeper that dies loses its items to another after it
     *     (default 10 minutes). Must exceed the time the purge hooks of one batch take.
     * @param initialBackoff delay before the first retry of a failed purge (default 1 minute); it
     *     doubles with every failure
     * @param maxBackoff the longest delay between retries (default 6 hours)
     */
    public SweeperOptions {
        Check.range(batchSize, 1, 10_000, "batchSize");
        Check.positive(interval, MAX, "interval");
        Check.positive(lease, MAX, "lease");
        Check.positive(initialBackoff, MAX, "initialBackoff");
        Check.positive(maxBackoff, MAX, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidArgumentException("maxBackoff must be at least initialBackoff, was "
                    + maxBackoff + " < " + initialBackoff);
        }
    }

    /** {@return the defaults: 100 per batch, daily, 10-minute lease, backoff from 1 minute to 6 hours} */
    public static SweeperOptions defaults() {
        return new SweeperOptions(100, Duration.ofDays(1), Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofHours(6));
    }

    /**
     * {@return these options with another batch size}
     *
     * @param batchSize items claimed per batch, 1 to 10,000 (default 100)
     */
    public SweeperOptions batchSize(int batchSize) {
        return new SweeperOptions(batchSize, interval, lease, initialBackoff, maxBackoff);
    }

    /**
     * {@return these options with another interval}
     *
     * @param interval time between the end of one scheduled sweep and the start of the next, when
     *     started with {@link TrashSweeper#start} (default one day)
     */
    public SweeperOptions interval(Duration interval) {
        return new SweeperOptions(batchSize, interval, lease, initialBackoff, maxBackoff);
    }

    /**
     * {@return these options with another lease}
     *
     * @param lease how long a claim holds; a sweeper that dies loses its items to another after it
     *     (default 10 minutes). Must exceed the time the purge hooks of one batch take.
     */
    public SweeperOptions lease(Duration lease) {
        return new SweeperOptions(batchSize, interval, lease, initialBackoff, maxBackoff);
    }

    /**
     * {@return these options with another retry backoff}
     *
     * @param initialBackoff delay before the first retry of a failed purge (default 1 minute); it
     *     doubles with every failure
     * @param maxBackoff the longest delay between retries (default 6 hours)
     */
    public SweeperOptions backoff(Duration initialBackoff, Duration maxBackoff) {
        return new SweeperOptions(batchSize, interval, lease, initialBackoff, maxBackoff);
    }
}
