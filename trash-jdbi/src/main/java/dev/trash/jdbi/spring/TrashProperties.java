package dev.trash.jdbi.spring;

import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code trash.*} properties of the Spring Boot auto-configuration ({@link TrashAutoConfiguration}).
 * Defaults are the library's: 30-day retention, the schema created on start, the sweeper running
 * daily with {@link SweeperOptions#defaults()}. Durations take Spring's forms ({@code 30d},
 * {@code 10m}, {@code PT6H}). Mutable while Spring binds it, then only read; not thread-safe
 * before that.
 */
@ConfigurationProperties(prefix = "trash")
public class TrashProperties {
    /** How long a deleted resource stays restorable, for types that set no retention of their own. */
    private Duration retention = TrashManager.DEFAULT_RETENTION;

    /**
     * Whether to create (or upgrade) the trash_item table and its indexes on start, with
     * JdbiTrash.createSchemaIfMissing(). Turn off when Flyway or Liquibase applies the library's
     * scripts.
     */
    private boolean createSchema = true;

    /**
     * How long before its expiry the sweeper tells the application's ExpiryWarnings bean about an
     * item (SPEC R39); used only when there is such a bean.
     */
    private Duration warnBefore = Duration.ofDays(7);

    /** The expiry sweeper. */
    private final Sweeper sweeper = new Sweeper();

    /** The Micrometer metrics. */
    private final Metrics metrics = new Metrics();

    /** {@return the default retention} */
    public Duration getRetention() {
        return retention;
    }

    /** @param retention the default retention */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /** {@return how long before its expiry an item is warned of} */
    public Duration getWarnBefore() {
        return warnBefore;
    }

    /** @param warnBefore how long before its expiry an item is warned of */
    public void setWarnBefore(Duration warnBefore) {
        this.warnBefore = warnBefore;
    }

    /** {@return whether the schema is created on start} */
    public boolean isCreateSchema() {
        return createSchema;
    }

    /** @param createSchema whether the schema is created on start */
    public void setCreateSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    /** {@return the sweeper's properties} */
    public Sweeper getSweeper() {
        return sweeper;
    }

    /** {@return the metrics' properties} */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * The {@code trash.sweeper.*} properties. Batch size, lease and backoff apply to manual purges
     * and Empty Trash too ({@link TrashManager.Builder#purgeOptions}).
     */
    public static class Sweeper {
        private static final SweeperOptions DEFAULTS = SweeperOptions.defaults();

        /**
         * Whether this application instance runs the expiry sweeper: started with the context, stopped
         * gracefully before the DataSource closes. Instances sharing a database may all run it.
         */
        private boolean enabled = true;

        /** Time between the end of one sweep and the start of the next. */
        private Duration interval = DEFAULTS.interval();

        /** Items claimed per batch, 1 to 10,000. */
        private int batchSize = DEFAULTS.batchSize();

        /**
         * How long a claim holds; another instance takes over the items of one that died after it.
         * Must exceed the time the purge hooks of one batch take.
         */
        private Duration lease = DEFAULTS.lease();

        /** Delay before the first retry of a failed purge; it doubles with every failure. */
        private Duration initialBackoff = DEFAULTS.initialBackoff();

        /** The longest delay between retries of a failed purge. */
        private Duration maxBackoff = DEFAULTS.maxBackoff();

        /**
         * How long closing the context waits for the purge unit that is running to finish; a unit
         * cut short stays claimed until its lease ends.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /** {@return whether the sweeper runs} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the sweeper runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the interval between sweeps} */
        public Duration getInterval() {
            return interval;
        }

        /** @param interval the interval between sweeps */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** {@return the batch size} */
        public int getBatchSize() {
            return batchSize;
        }

        /** @param batchSize the batch size */
        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        /** {@return the lease} */
        public Duration getLease() {
            return lease;
        }

        /** @param lease the lease */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** {@return the first retry's delay} */
        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        /** @param initialBackoff the first retry's delay */
        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        /** {@return the longest retry delay} */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /** @param maxBackoff the longest retry delay */
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /** {@return how long closing the context waits for the running purge unit} */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /** @param shutdownTimeout how long closing the context waits for the running purge unit */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /**
         * {@return these properties as sweeper options}
         *
         * @throws dev.trash.InvalidArgumentException if one is out of range
         */
        public SweeperOptions toOptions() {
            return new SweeperOptions(batchSize, interval, lease, initialBackoff, maxBackoff);
        }
    }

    /** The {@code trash.metrics.*} properties. */
    public static class Metrics {
        /** Whether to publish the Trash's metrics to the application's MeterRegistry (Micrometer on the class path). */
        private boolean enabled = true;

        /**
         * How long the gauges (items, bytes, retrying, purge lag) reuse one count of the database
         * before counting again: each count is a few aggregate queries over trash_item.
         */
        private Duration cacheFor = Duration.ofSeconds(10);

        /** {@return whether metrics are published} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether metrics are published */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return how long one count is reused} */
        public Duration getCacheFor() {
            return cacheFor;
        }

        /** @param cacheFor how long one count is reused */
        public void setCacheFor(Duration cacheFor) {
            this.cacheFor = cacheFor;
        }
    }
}
