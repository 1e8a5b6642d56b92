package dev.trash.jdbi.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC R31 without Spring: {@link TrashMetrics} on a plain manager (the in-memory backend) and a
 * {@link SimpleMeterRegistry}, after known operations: gauges, counters by type, the sweep timer,
 * and no workspace tag anywhere.
 */
class TrashMetricsTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final WorkspaceId GLOBEX = WorkspaceId.of("globex");
    private static final ActorId ALICE = ActorId.of("alice");

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-05-04T08:00:00Z"));
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double counter(String name, String type) {
        return registry.get(name).tag("type", type).functionCounter().count();
    }

    @Test
    @DisplayName("R31 items, bytes, retrying and purge lag gauges, counters by type and the sweep timer after known operations")
    void metricsAfterKnownOperations() {
        InMemoryTrash backend = InMemoryTrash.create(ResourceType.of("folder"), ResourceType.of("document").childOf("folder"),
                ResourceType.of("note"));
        AtomicInteger failures = new AtomicInteger(1);
        TrashMetrics metrics = TrashMetrics.create().cacheFor(Duration.ZERO);
        TrashManager trash = TrashManager.builder().backend(backend).clock(clock).listener(metrics)
                .purgeHook(target -> {
                    if (target.root().type().equals("note") && failures.getAndDecrement() > 0) {
                        throw new IOException("file store down");
                    }
                })
                .build();
        metrics.watch(trash).bindTo(registry);
        for (String f : new String[] {"f1", "f2", "f3"}) {
            backend.resources().add(HostResource.root(ResourceRef.of("folder", f), ACME, f, f, 100));
            backend.resources().add(HostResource.child(ResourceRef.of("document", f + "-d"), ResourceRef.of("folder", f), ACME,
                    "doc", 10));
        }
        backend.resources().add(HostResource.root(ResourceRef.of("note", "n1"), GLOBEX, "n1", "n1", 7));

        TrashItem f1 = trash.delete(ACME, ResourceRef.of("folder", "f1"), ALICE);
        TrashItem f2 = trash.delete(ACME, ResourceRef.of("folder", "f2"), ALICE);
        trash.delete(ACME, ResourceRef.of("folder", "f3"), ALICE);
        TrashItem n1 = trash.delete(GLOBEX, ResourceRef.of("note", "n1"), ALICE);
        trash.restore(ACME, f2.id(), ALICE);
        trash.purge(ACME, f1.id(), ALICE);
        trash.purge(GLOBEX, n1.id(), ALICE); // its hook fails once: retrying

        assertThat(counter("trash.deletes", "folder")).isEqualTo(3);
        assertThat(counter("trash.deletes", "note")).isEqualTo(1);
        assertThat(counter("trash.restores", "folder")).isEqualTo(1);
        assertThat(counter("trash.purges", "folder")).isEqualTo(1);
        assertThat(counter("trash.purged.bytes", "folder")).isEqualTo(110);
        assertThat(counter("trash.purge.failures", "note")).isEqualTo(1);
        assertThat(gauge("trash.items", "state", "listed")).as("f3").isEqualTo(1);
        assertThat(gauge("trash.bytes", "state", "listed")).isEqualTo(110);
        assertThat(gauge("trash.items", "state", "purging")).as("n1, claimed and failed").isEqualTo(1);
        assertThat(gauge("trash.bytes", "state", "purging")).isEqualTo(7);
        assertThat(gauge("trash.retrying")).isEqualTo(1);
        assertThat(registry.get("trash.purge.lag").timeGauge().value(TimeUnit.SECONDS)).as("n1's retry is not due yet")
                .isZero();

        clock.advance(Duration.ofMinutes(5)); // n1's retry came due 4 minutes ago
        assertThat(registry.get("trash.purge.lag").timeGauge().value(TimeUnit.SECONDS)).isCloseTo(240, within(0.001));

        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        sweeper.sweepOnce();
        assertThat(counter("trash.purges", "note")).isEqualTo(1);
        assertThat(gauge("trash.retrying")).isZero();
        assertThat(registry.get("trash.purge.lag").timeGauge().value(TimeUnit.SECONDS)).isZero();
        assertThat(registry.get("trash.sweeps").tag("outcome", "completed").timer().count()).isEqualTo(1);
        assertThat(registry.get("trash.sweeps").tag("outcome", "failed").timer().count()).isZero();
        assertThat(registry.get("trash.sweeps").tag("outcome", "stopped").timer().count()).isZero();

        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getKey().equals("workspace")));
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).allMatch(n -> n.startsWith("trash."));
    }

    @Test
    @DisplayName("R31 before a manager is watched the gauges read NaN; events before binding are counted once bound")
    void unboundAndUnwatched() {
        InMemoryTrash backend = InMemoryTrash.create(ResourceType.of("folder"));
        TrashMetrics metrics = TrashMetrics.create();
        TrashManager trash = TrashManager.builder().backend(backend).clock(clock).listener(metrics).build();
        backend.resources().add(HostResource.root(ResourceRef.of("folder", "f1"), ACME, "f1", "f1", 5));
        trash.delete(ACME, ResourceRef.of("folder", "f1"), ALICE);

        metrics.bindTo(registry);
        assertThat(gauge("trash.items", "state", "listed")).isNaN();
        assertThat(counter("trash.deletes", "folder")).isEqualTo(1);

        metrics.watch(trash);
        assertThat(gauge("trash.items", "state", "listed")).isEqualTo(1);
        Meter.Id id = registry.get("trash.bytes").tag("state", "listed").gauge().getId();
        assertThat(id.getBaseUnit()).isEqualTo("bytes");
    }

    @Test
    @DisplayName("R31 the gauges reuse one count for cacheFor, then count again")
    void cachedCounts() {
        InMemoryTrash backend = InMemoryTrash.create(ResourceType.of("folder"));
        TrashMetrics metrics = TrashMetrics.create().cacheFor(Duration.ofHours(1));
        TrashManager trash = TrashManager.builder().backend(backend).clock(clock).listener(metrics).build();
        metrics.watch(trash).bindTo(registry);
        assertThat(gauge("trash.items", "state", "listed")).isZero();
        backend.resources().add(HostResource.root(ResourceRef.of("folder", "f1"), ACME, "f1", "f1", 5));
        trash.delete(ACME, ResourceRef.of("folder", "f1"), ALICE);
        assertThat(gauge("trash.items", "state", "listed")).as("cached").isZero();
        metrics.cacheFor(Duration.ZERO);
        assertThat(gauge("trash.items", "state", "listed")).isEqualTo(1);
    }
}
