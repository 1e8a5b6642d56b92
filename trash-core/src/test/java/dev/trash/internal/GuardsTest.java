package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.ParentInfo;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.Marked;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TypeLink;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guards that the suites cannot reach through the in-memory host API: rows a host left active
 * inside a trashed parent, leases lost mid-purge, nested items held by another worker, and a
 * scheduled sweep already dequeued when the sweeper is stopped.
 */
class GuardsTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final ActorId A = ActorId.of("a");
    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final List<TrashEvent> events = new CopyOnWriteArrayList<>();

    private TrashManager.Builder builder(HostResources res) {
        return TrashManager.builder().backend(Intercept.backend(memory, memory.store(), res))
                .storageLedger(memory.ledger()).clock(clock).listener(events::add);
    }

    /** Adds project {@code p} holding model {@code m} holding weights {@code w}. */
    private void seedChain(ResourceRef p, ResourceRef m, ResourceRef w) {
        memory.resources().add(HostResource.root(p, W, "P", "p", 1))
                .add(new HostResource(m, W, Optional.of(p), "M", Optional.of("m"), 1))
                .add(HostResource.child(w, m, W, "Wt", 1));
    }

    @Test
    @DisplayName("R5 deleting a resource inside a trashed ancestor fails even if the host left the row itself active")
    void deleteInsideTrashedAncestorEvenIfHostLeftItActive() {
        ResourceRef p = ResourceRef.of("project", "p");
        ResourceRef m = ResourceRef.of("model", "m");
        ResourceRef w = ResourceRef.of("weights", "w");
        seedChain(p, m, w);
        HostResources real = memory.resources();
        HostResources skipWeights = Intercept.port(HostResources.class, real, (method, args, call) ->
                // A host row created outside the cascade: it stays active.
                method.equals("markChildren") && ((TypeLink) args[1]).childType().equals("weights")
                        ? Marked.NONE : call.run());
        TrashManager trash = builder(skipWeights).build();
        trash.delete(W, p, A);
        assertThat(real.find(W, w).orElseThrow().active()).isTrue();
        assertThatThrownBy(() -> trash.delete(W, w, A)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(w.toString()).hasMessageContaining("in the trash");
        assertThat(real.find(W, w).orElseThrow().active()).isTrue();
        assertThat(trash.list(W, TrashQuery.all()).items()).hasSize(1);
    }

    @Test
    @DisplayName("R7 an item's parent is the root's direct parent, not a further ancestor")
    void parentInfoIsTheDirectParent() {
        ResourceRef p = ResourceRef.of("project", "p");
        ResourceRef m = ResourceRef.of("model", "m");
        ResourceRef w = ResourceRef.of("weights", "w");
        seedChain(p, m, w);
        TrashManager trash = builder(memory.resources()).build();
        TrashItem item = trash.delete(W, w, A);
        assertThat(item.parent()).contains(new ParentInfo(m, "M"));
    }

    @Test
    @DisplayName("R19 R22 an item whose lease passed to another worker during the hooks is neither deleted nor reported purged")
    void lostLeaseItemIsNotReportedPurged() {
        ResourceRef a = ResourceRef.of("dataset", "a");
        ResourceRef b = ResourceRef.of("dataset", "b");
        memory.resources().add(HostResource.root(a, W, "A", "a", 5)).add(HostResource.root(b, W, "B", "b", 7));
        TrashItemId[] bId = new TrashItemId[1];
        TrashManager trash = builder(memory.resources()).purgeHook(t -> {
            if (t.root().equals(b)) {
                // Another worker takes over b's lease while our hook runs.
                clock.advance(SweeperOptions.defaults().lease().plusSeconds(1));
                Instant now = clock.instant();
                assertThat(memory.inTransaction(() -> memory.store().claim(W, List.of(bId[0]), ItemStates.claimable(now),
                        ItemStates.claim("other", now.plus(Duration.ofMinutes(5)))))).hasSize(1);
            }
        }).build();
        TrashItem ai = trash.delete(W, a, A);
        bId[0] = trash.delete(W, b, A).id();
        Purged purged = trash.emptyTrash(W, A);
        assertThat(purged).isEqualTo(new Purged(1, 5, 0));
        assertThat(events).filteredOn(e -> e instanceof TrashEvent.Purged).extracting(e -> ((TrashEvent.Purged) e).item())
                .containsExactly(ai.id());
        assertThat(memory.store().find(W, bId[0]).orElseThrow().purge().orElseThrow().owner()).isEqualTo("other");
        assertThat(memory.ledger().timesFreed(bId[0])).isZero();
    }

    @Test
    @DisplayName("R18 a unit whose nested item another worker holds is held back before any of its hooks run, "
            + "and handed back for the initial backoff without counting a failure")
    void heldNestedItemBlocksUnitBeforeHooks() {
        ResourceRef p = ResourceRef.of("project", "p");
        ResourceRef m = ResourceRef.of("model", "m");
        memory.resources().add(HostResource.root(p, W, "P", "p", 100))
                .add(new HostResource(m, W, Optional.of(p), "M", Optional.of("m"), 10));
        AtomicInteger hookCalls = new AtomicInteger();
        TrashManager trash = builder(memory.resources()).purgeHook(t -> hookCalls.incrementAndGet()).build();
        TrashItem mi = trash.delete(W, m, A);
        TrashItem pi = trash.delete(W, p, A);
        Instant now = clock.instant();
        memory.inTransaction(() -> memory.store().claim(W, List.of(mi.id()), ItemStates.claimable(now),
                ItemStates.claim("other", now.plus(Duration.ofMinutes(5)))));
        Purged purged = trash.purge(W, pi.id(), A);
        assertThat(purged).isEqualTo(new Purged(0, 0, 1));
        assertThat(hookCalls).hasValue(0);
        PurgeState held = memory.store().find(W, pi.id()).orElseThrow().purge().orElseThrow();
        assertThat(held.attempts()).as("waiting is not a failure").isZero();
        assertThat(held.lastError()).isEmpty();
        assertThat(held.availableAt()).isEqualTo(now.plus(SweeperOptions.defaults().initialBackoff()));
        assertThat(events).noneMatch(e -> e instanceof TrashEvent.PurgeFailed);
    }

    @Test
    @DisplayName("R17 a scheduled run the executor already picked when stop was called does nothing")
    void runDequeuedBeforeStopDoesNothing() throws Exception {
        Runnable[] captured = new Runnable[1];
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long d, long p, TimeUnit u) {
                captured[0] = r;
                return super.schedule(() -> { }, 1, TimeUnit.DAYS);
            }
        };
        try {
            ResourceRef p = ResourceRef.of("project", "p");
            memory.resources().add(HostResource.root(p, W, "P", "p", 10));
            TrashManager trash = builder(memory.resources()).build();
            trash.delete(W, p, A);
            clock.advance(Duration.ofDays(31));
            TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
            sweeper.start(exec);
            assertThat(sweeper.stop(Duration.ofSeconds(5))).isTrue();
            captured[0].run(); // the executor had already picked this run when stop was called
            assertThat(memory.resources().contains(p)).isTrue();
            assertThat(memory.ledger().freedBytes(W)).isZero();
        } finally {
            exec.shutdownNow();
        }
    }
}
