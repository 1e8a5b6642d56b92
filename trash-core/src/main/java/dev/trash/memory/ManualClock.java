package dev.trash.memory;

import dev.trash.internal.Check;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until it is moved: for a host's unit tests and demos of expiry (day 29
 * restorable, day 30 gone) without waiting; hand it to {@link dev.trash.TrashManager.Builder#clock}.
 * Always in UTC. Thread-safe: it may be moved while other threads read it.
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * {@return a clock standing at {@code start}}
     *
     * @param start where the clock stands
     */
    public static ManualClock at(Instant start) {
        return new ManualClock(Check.notNull(start, "start"));
    }

    /**
     * Moves the clock by {@code step}: forward, or back if {@code step} is negative.
     *
     * @param step how far to move it
     */
    public void advance(Duration step) {
        Check.notNull(step, "step");
        now.updateAndGet(t -> t.plus(step));
    }

    /**
     * Sets the clock to {@code instant}.
     *
     * @param instant where the clock is to stand
     */
    public void set(Instant instant) {
        now.set(Check.notNull(instant, "instant"));
    }

    /** {@return where the clock stands} */
    @Override
    public Instant instant() {
        return now.get();
    }

    /** {@return UTC, always} */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** {@return this clock: it is always in UTC, whatever {@code zone}} */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
