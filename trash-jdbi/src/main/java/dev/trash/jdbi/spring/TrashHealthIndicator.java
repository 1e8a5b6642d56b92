package dev.trash.jdbi.spring;

import dev.trash.InvalidArgumentException;
import dev.trash.Purged;
import dev.trash.SweeperStatus;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.TrashTotals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The Trash's health for Spring Boot Actuator ({@code /actuator/health/trash}, SPEC R31): whether
 * this instance's sweeper is running, its last sweep and what it purged, its last error (a sweep
 * that failed, or a purge hook that failed and is being retried) and, counted across every
 * workspace, the items waiting for a retry and the purge lag.
 *
 * <p>It is {@code DOWN} when the sweeper this instance should run is not running (its schedule
 * ended: {@code stoppedBecause} says why), or when the Trash cannot be counted (the database);
 * {@code UP} otherwise. Failed hooks alone keep it {@code UP}: they are retried with backoff, and
 * the {@code retrying} count and {@code lastError} show them (alert on the metrics'
 * {@code trash.retrying} and {@code trash.purge.lag} instead). Thread-safe.
 */
public final class TrashHealthIndicator extends AbstractHealthIndicator {
    private final TrashManager manager;
    private final Optional<TrashSweeper> sweeper;

    /**
     * Creates the health indicator.
     *
     * @param manager the manager to count
     * @param sweeper the sweeper this instance runs, if it runs one
     */
    public TrashHealthIndicator(TrashManager manager, Optional<TrashSweeper> sweeper) {
        super("the Trash's health check failed");
        if (manager == null || sweeper == null) {
            throw new InvalidArgumentException("manager and sweeper must not be null");
        }
        this.manager = manager;
        this.sweeper = sweeper;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TrashTotals totals = manager.totals();
        builder.withDetail("items", totals.items())
                .withDetail("retrying", totals.retrying())
                .withDetail("purgeLag", totals.purgeLag().toString());
        if (sweeper.isEmpty()) {
            builder.up().withDetail("sweeper", "not run by this instance (trash.sweeper.enabled=false)");
            return;
        }
        SweeperStatus status = sweeper.get().status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", status.running());
        status.lastSweepAt().ifPresent(at -> details.put("lastSweepAt", at.toString()));
        status.lastResult().ifPresent(r -> details.put("lastResult", result(r)));
        status.lastError().ifPresent(e -> details.put("lastError", e));
        status.lastErrorAt().ifPresent(at -> details.put("lastErrorAt", at.toString()));
        status.stoppedBecause().ifPresent(why -> details.put("stoppedBecause", why));
        builder.withDetail("sweeper", details);
        if (status.running()) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private static Map<String, Object> result(Purged purged) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", purged.items());
        result.put("bytes", purged.bytes());
        result.put("retrying", purged.retrying());
        return result;
    }
}
