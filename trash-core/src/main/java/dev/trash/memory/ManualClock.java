package dev.trash.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until it is moved: for a host's unit tests and demos of expiry (day 29
 * restorable, day 30 gone) without waiting. Always in UTC. Thread-safe.
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @return a clock standing at {@code start} */
    public static ManualClock at(Instant start) {
        return new ManualClock(start);
    }

    /** Moves the clock forward by {@code step}. */
    public void advance(Duration step) {
        dev.trash.internal.Check.notNull(step, "step");
        now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
