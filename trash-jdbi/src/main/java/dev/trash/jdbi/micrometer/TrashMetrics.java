package dev.trash.jdbi.micrometer;

import dev.trash.InvalidArgumentException;
import dev.trash.SweepReport;
import dev.trash.TrashManager;
import dev.trash.TrashTotals;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The Trash's metrics for Micrometer (SPEC R31), usable with or without Spring: a
 * {@link MeterBinder} for the gauges, and a {@link TrashListener} that feeds the counters and the
 * sweep timer. Give it to the manager as a listener, tell it which manager to count, bind it:
 * <pre>{@code
 * TrashMetrics metrics = TrashMetrics.create();
 * TrashManager trash = TrashManager.builder().backend(backend).listener(metrics).build();
 * metrics.watch(trash).bindTo(registry);
 * }</pre>
 * (The Spring Boot auto-configuration does all of that when Micrometer is on the class path.)
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code trash.items}</td><td>gauge</td><td>{@code state}: {@code listed}, {@code purging}</td>
 *     <td>items in the Trash (restorable), and items out of it but not purged yet (expired, or claimed by a purge)</td></tr>
 * <tr><td>{@code trash.bytes}</td><td>gauge (bytes)</td><td>{@code state}</td><td>their bytes</td></tr>
 * <tr><td>{@code trash.retrying}</td><td>gauge</td><td></td><td>items whose purge failed and wait for a retry</td></tr>
 * <tr><td>{@code trash.purge.lag}</td><td>time gauge (seconds)</td><td></td>
 *     <td>how long the item due the longest has been due (0 when nothing is)</td></tr>
 * <tr><td>{@code trash.deletes}, {@code trash.restores}, {@code trash.purges}</td><td>counters</td>
 *     <td>{@code type}: the root's resource type</td><td>items deleted, restored, purged for good</td></tr>
 * <tr><td>{@code trash.purged.bytes}</td><td>counter (bytes)</td><td>{@code type}</td><td>bytes freed by purges</td></tr>
 * <tr><td>{@code trash.purge.failures}</td><td>counter</td><td>{@code type}</td>
 *     <td>failed purge attempts (a hook, or deleting the rows, threw); each is retried</td></tr>
 * <tr><td>{@code trash.sweeps}</td><td>timer</td><td>{@code outcome}: {@code completed}, {@code stopped}, {@code failed}</td>
 *     <td>sweeps of this instance's sweepers and how long they took</td></tr>
 * </table>
 *
 * <p>No meter has a workspace tag: workspaces are unbounded, and a tag per workspace would grow the
 * registry without limit. The gauges count across every workspace and every application instance
 * sharing the database ({@link TrashManager#totals()}): each instance reports the same values, so
 * aggregate them with {@code max}, not {@code sum}; the counters and the timer count what this
 * instance did. A count is a few aggregate queries; the gauges reuse one for
 * {@linkplain #cacheFor(Duration) 10 seconds} by default, and read {@code NaN} while no manager is
 * watched or when counting fails (logged once per failure streak, System.Logger {@code dev.trash}).
 * Events and sweeps that happen before the first {@link #bindTo} are counted, and shown once bound;
 * sweeps timed before it are not. Thread-safe; it may be bound to several registries.
 */
public final class TrashMetrics implements MeterBinder, TrashListener {
    private static final System.Logger LOG = System.getLogger("dev.trash");

    private record Key(String name, String type) {
    }

    private record Snapshot(TrashTotals totals, long takenAt) {
    }

    private volatile Supplier<TrashManager> manager = () -> null;
    private volatile Duration cacheFor = Duration.ofSeconds(10);
    private final ConcurrentMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private Snapshot snapshot;
    private boolean failing;

    private TrashMetrics() {
    }

    /** {@return metrics that count nothing until {@link #watch} names a manager} */
    public static TrashMetrics create() {
        return new TrashMetrics();
    }

    /**
     * Names the manager whose totals the gauges read.
     *
     * @param manager the trash manager whose Trash is measured
     * @return this
     */
    public TrashMetrics watch(TrashManager manager) {
        if (manager == null) {
            throw new InvalidArgumentException("manager must not be null");
        }
        this.manager = () -> manager;
        return this;
    }

    /**
     * Names where the manager comes from, asked each time the gauges count (for a framework that
     * builds the manager after its listeners, as Spring does).
     *
     * @param manager the trash manager whose Trash is measured
     * @return this
     */
    public TrashMetrics watch(Supplier<TrashManager> manager) {
        if (manager == null) {
            throw new InvalidArgumentException("manager must not be null");
        }
        this.manager = manager;
        return this;
    }

    /**
     * Sets how long the gauges reuse one count (default 10 seconds; zero counts on every read).
     *
     * @param cacheFor how long a reading is reused
     * @return this
     */
    public TrashMetrics cacheFor(Duration cacheFor) {
        if (cacheFor == null || cacheFor.isNegative()) {
            throw new InvalidArgumentException("cacheFor must be zero or positive, was " + cacheFor);
        }
        this.cacheFor = cacheFor;
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (registry == null) {
            throw new InvalidArgumentException("registry must not be null");
        }
        gauge(registry, "trash.items", "listed", "items in the Trash, restorable", null, t -> t.items());
        gauge(registry, "trash.items", "purging", "items out of the Trash but not purged yet (expired, or claimed by a purge)",
                null, t -> t.purgingItems());
        gauge(registry, "trash.bytes", "listed", "bytes of the items in the Trash", "bytes", t -> t.bytes());
        gauge(registry, "trash.bytes", "purging", "bytes of the items out of the Trash but not purged yet", "bytes",
                t -> t.purgingBytes());
        Gauge.builder("trash.retrying", this, m -> m.value(t -> t.retrying()))
                .description("items whose purge failed and that wait for a retry")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder("trash.purge.lag", this, TimeUnit.SECONDS, m -> m.value(t -> t.purgeLag().toNanos() / 1e9))
                .description("how long the item due the longest has been due; 0 when nothing is due")
                .strongReference(true)
                .register(registry);
        for (SweepReport.Outcome outcome : SweepReport.Outcome.values()) {
            timer(registry, outcome);
        }
        synchronized (counts) {
            registries.add(registry);
            counts.forEach((key, count) -> counter(registry, key, count));
        }
    }

    private void gauge(MeterRegistry registry, String name, String state, String description, String unit,
                       ToDoubleFunction<TrashTotals> value) {
        Gauge.builder(name, this, m -> m.value(value))
                .tag("state", state)
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, SweepReport.Outcome outcome) {
        return Timer.builder("trash.sweeps")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .description("sweeps of this instance's sweepers, by how they ended")
                .register(registry);
    }

    private static void counter(MeterRegistry registry, Key key, LongAdder count) {
        FunctionCounter.Builder<LongAdder> builder = FunctionCounter.builder(key.name(), count, LongAdder::sum)
                .tag("type", key.type());
        switch (key.name()) {
            case "trash.deletes" -> builder.description("items deleted (moved to the Trash), by root type");
            case "trash.restores" -> builder.description("items restored, by root type");
            case "trash.purges" -> builder.description("items purged for good, by root type");
            case "trash.purged.bytes" -> builder.description("bytes freed by purges, by root type").baseUnit("bytes");
            default -> builder.description("failed purge attempts (a hook or the row delete threw), by root type");
        }
        builder.register(registry);
    }

    /** {@return the value {@code of} the current totals, or NaN if there are none} */
    private double value(ToDoubleFunction<TrashTotals> of) {
        return totals().map(of::applyAsDouble).orElse(Double.NaN);
    }

    /** {@return the cached totals if fresh enough, else a new count; empty if no manager or counting failed} */
    synchronized Optional<TrashTotals> totals() {
        long now = System.nanoTime();
        if (snapshot != null && now - snapshot.takenAt() < cacheFor.toNanos()) {
            return Optional.of(snapshot.totals());
        }
        TrashManager trash = manager.get();
        if (trash == null) {
            return Optional.empty();
        }
        try {
            snapshot = new Snapshot(trash.totals(), now);
            failing = false;
            return Optional.of(snapshot.totals());
        } catch (RuntimeException e) {
            snapshot = null;
            if (!failing) {
                LOG.log(Level.WARNING, "the Trash's gauges could not count the items; they read NaN until counting works again", e);
                failing = true;
            }
            return Optional.empty();
        }
    }

    /** Counts deletes, restores, purges, freed bytes and failed purges by the root's type. */
    @Override
    public void onEvent(TrashEvent event) {
        if (event instanceof TrashEvent.Deleted deleted) {
            count("trash.deletes", deleted.item().root().type(), 1);
        } else if (event instanceof TrashEvent.RestoredItem restored) {
            count("trash.restores", restored.restored().root().type(), 1);
        } else if (event instanceof TrashEvent.Purged purged) {
            count("trash.purges", purged.root().type(), 1);
            count("trash.purged.bytes", purged.root().type(), purged.bytes());
        } else if (event instanceof TrashEvent.PurgeFailed failed) {
            count("trash.purge.failures", failed.root().type(), 1);
        }
    }

    private void count(String name, String type, long amount) {
        Key key = new Key(name, type);
        LongAdder count = counts.get(key);
        if (count == null) {
            synchronized (counts) {
                count = counts.computeIfAbsent(key, k -> {
                    LongAdder made = new LongAdder();
                    registries.forEach(r -> counter(r, k, made));
                    return made;
                });
            }
        }
        count.add(amount);
    }

    /** Times the sweep in every registry bound so far, tagged with its outcome. */
    @Override
    public void onSweep(SweepReport report) {
        for (MeterRegistry registry : registries) {
            timer(registry, report.outcome()).record(report.duration());
        }
    }
}
