package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.EXPORT;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.NotFoundException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.StorageSummary;
import dev.trash.SweepReport;
import dev.trash.SweeperOptions;
import dev.trash.SweeperStatus;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.TrashTotals;
import dev.trash.WorkspaceId;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeTarget;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for purging: SPEC R15 (purge one), R16 (Empty Trash), R17 (sweeper), R18
 * (nothing outlives its parent), R19 (failures and crashes are retried, nothing half-done) and R20
 * (storage ledger). A backend runs it by extending this class and implementing {@link #newBackend}.
 */
public abstract class TrashPurgeSuite extends TrashFixture {
    private static final Duration DAY = Duration.ofDays(1);

    /** What a hook saw of one target, copied during the call (a target is valid only then). */
    protected record Seen(TrashItemId item, WorkspaceId workspace, ResourceRef root, long sizeBytes,
                          Map<String, List<ResourceRef>> resources) {
    }

    /** A hook that records every target it is called with. */
    protected static final class RecordingHook implements PurgeHook {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public void purge(PurgeTarget t) {
            Map<String, List<ResourceRef>> res = new java.util.TreeMap<>();
            for (ResourceType type : ReferenceTypes.ALL) {
                List<ResourceRef> refs = t.resources(type.name()).stream()
                        .sorted(java.util.Comparator.comparing(ResourceRef::id)).toList();
                if (!refs.isEmpty()) {
                    res.put(type.name(), refs);
                }
            }
            seen.add(new Seen(t.item(), t.workspace(), t.root(), t.sizeBytes(), res));
        }

        List<TrashItemId> items() {
            return seen.stream().map(Seen::item).toList();
        }
    }

    /** A hook that fails its first {@code failures} calls, like a file store that is down for a while. */
    protected static final class FlakyHook implements PurgeHook {
        final AtomicInteger calls = new AtomicInteger();
        private final int failures;

        FlakyHook(int failures) {
            this.failures = failures;
        }

        @Override
        public void purge(PurgeTarget target) throws IOException {
            if (calls.incrementAndGet() <= failures) {
                throw new IOException("file store down (call " + calls.get() + ")");
            }
        }
    }

    private List<TrashEvent.Purged> purgedEvents() {
        return events.stream().filter(TrashEvent.Purged.class::isInstance).map(TrashEvent.Purged.class::cast).toList();
    }

    // ---------------------------------------------------------------- R15

    @Test
    @DisplayName("R15 R20 purging one item calls the hooks with its resources, deletes its rows, frees its bytes once")
    void purgeOne() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef m2 = model(p, "m2", 20);
        ResourceRef w1 = child(WEIGHTS, m1, "w1", 100);
        ResourceRef e2 = child(EXPORT, m2, "e2", 200);
        ResourceRef keep = project(W1, "keep", 5);
        TrashItem item = trash.delete(W1, p, ALICE);
        TrashItem other = trash.delete(W1, keep, ALICE);

        Purged purged = trash.purge(W1, item.id(), ALICE);

        assertThat(purged).isEqualTo(new Purged(1, 1_330, 0));
        assertThat(hook.seen).containsExactly(new Seen(item.id(), W1, p, 1_330, Map.of(
                PROJECT, List.of(p), MODEL, List.of(m1, m2), WEIGHTS, List.of(w1), EXPORT, List.of(e2))));
        for (ResourceRef r : List.of(p, m1, m2, w1, e2)) {
            assertThat(backend.exists(r)).as("%s", r).isFalse();
        }
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(1_330);
        assertThat(listedIds(W1)).containsExactly(other.id());
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThat(backend.exists(keep)).isTrue();
        assertThat(events).last().isEqualTo(new TrashEvent.Purged(W1, item.id(), p, 1_330, ALICE, clock.instant()));
        assertThat(purgedEvents()).hasSize(1);
    }

    @Test
    @DisplayName("R15 every hook runs once per purged item, in the order added; a purge cannot be repeated")
    void hooksInOrderAndIrreversible() {
        List<String> calls = new ArrayList<>();
        trash = builder().purgeHook(t -> calls.add("files " + t.root().id()))
                .purgeHook(t -> calls.add("deployments " + t.root().id())).build();
        ResourceRef d = dataset(W1, "d1", 10);
        ResourceRef img = child(IMAGE, d, "i1", 1);
        TrashItem item = trash.delete(W1, d, ALICE);

        trash.purge(W1, item.id(), ALICE);

        assertThat(calls).containsExactly("files d1", "deployments d1");
        assertThatThrownBy(() -> trash.purge(W1, item.id(), ALICE)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(NotFoundException.class);
        assertThat(calls).hasSize(2);
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.exists(img)).isFalse();
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(Purged.NONE);
    }

    @Test
    @DisplayName("R15 purging an unknown item fails with NotFoundException and changes nothing")
    void purgeUnknown() {
        trash.delete(W1, project(W1, "p1", 1), ALICE);
        Snapshot before = snapshot();

        TrashItemId unknown = TrashItemId.random();
        assertThatThrownBy(() -> trash.purge(W1, unknown, ALICE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown.toString());

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("R15 R9 an expired item not yet swept can still be purged by hand")
    void purgeExpiredByHand() {
        ResourceRef p = project(W1, "p1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));

        assertThat(trash.purge(W1, item.id(), ALICE)).isEqualTo(new Purged(1, 10, 0));
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- R16

    @Test
    @DisplayName("R16 Empty Trash purges every item of the workspace, returns items and bytes, and leaves other workspaces alone")
    void emptyTrash() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        ResourceRef d = dataset(W1, "d1", 50);
        List<ResourceRef> images = children(IMAGE, d, "i", 3, 5);
        ResourceRef note = child(ANNOTATION, d, "a", 1);
        ResourceRef activeProject = project(W1, "active", 7);
        ResourceRef theirs = project(W2, "theirs", 1_000);
        TrashItem pi = trash.delete(W1, p, ALICE);
        TrashItem di = trash.delete(W1, d, ALICE);
        TrashItem wi = trash.delete(W2, theirs, ALICE);

        Purged purged = trash.emptyTrash(W1, ALICE);

        assertThat(purged).isEqualTo(new Purged(2, 110 + 66, 0));
        assertThat(listedIds(W1)).isEmpty();
        for (ResourceRef r : List.of(p, m, d, note, images.get(0), images.get(1), images.get(2))) {
            assertThat(backend.exists(r)).as("%s", r).isFalse();
        }
        assertThat(hook.items()).containsExactlyInAnyOrder(pi.id(), di.id());
        assertThat(backend.timesFreed(pi.id())).isEqualTo(1);
        assertThat(backend.timesFreed(di.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(176);
        assertThat(isActive(activeProject)).isTrue();
        // the other workspace is intact
        assertThat(listedIds(W2)).containsExactly(wi.id());
        assertThat(isTrashed(theirs)).isTrue();
        assertThat(backend.freedBytes(W2)).isZero();
        assertThat(trash.storageSummary(W2).bytes()).isEqualTo(1_000);

        assertThat(trash.emptyTrash(W1, ALICE)).isEqualTo(Purged.NONE);
        assertThat(trash.emptyTrash(W2, ALICE)).isEqualTo(new Purged(1, 1_000, 0));
    }

    @Test
    @DisplayName("R16 Empty Trash of a workspace with more items than one batch purges them all")
    void emptyLargeTrash() {
        for (int i = 0; i < 1_100; i++) {
            trash.delete(W1, project(W1, "p" + i, 2), ALICE);
        }

        assertThat(trash.emptyTrash(W1, ALICE)).isEqualTo(new Purged(1_100, 2_200, 0));

        assertThat(listedIds(W1)).isEmpty();
        assertThat(backend.freedBytes(W1)).isEqualTo(2_200);
        assertThat(trash.storageSummary(W1).items()).isZero();
    }

    // ---------------------------------------------------------------- R17

    @Test
    @DisplayName("R17 the sweeper purges only expired items and returns what it purged")
    void sweepOnlyExpired() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p1 = project(W1, "p1", 100);
        ResourceRef m1 = model(p1, "m1", 10);
        TrashItem oldest = trash.delete(W1, p1, ALICE);
        clock.advance(Duration.ofDays(10));
        TrashItem middle = trash.delete(W1, dataset(W1, "d1", 20), ALICE);
        clock.advance(Duration.ofDays(10));
        TrashItem newest = trash.delete(W2, project(W2, "p2", 30), ALICE);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        assertThat(sweeper.isRunning()).as("the library starts nothing by itself").isFalse();

        clock.set(oldest.expiresAt().minusSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(hook.seen).isEmpty();

        clock.set(oldest.expiresAt());
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 110, 0));
        assertThat(hook.items()).containsExactly(oldest.id());
        assertThat(backend.exists(p1)).isFalse();
        assertThat(backend.exists(m1)).isFalse();
        assertThat(listedIds(W1)).containsExactly(middle.id());
        assertThat(listedIds(W2)).containsExactly(newest.id());
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);

        clock.set(newest.expiresAt().plus(DAY));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(2, 50, 0));
        assertThat(hook.items()).containsExactlyInAnyOrder(oldest.id(), middle.id(), newest.id());
        assertThat(backend.freedBytes(W1)).isEqualTo(130);
        assertThat(backend.freedBytes(W2)).isEqualTo(30);
        assertThat(sweeper.isRunning()).isFalse();
    }

    @Test
    @DisplayName("R17 one sweep purges every due item even when they are many more than its batch size")
    void sweepInBatches() {
        List<TrashItem> due = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            due.add(trash.delete(W1, project(W1, "p" + i, 10), ALICE));
        }
        clock.advance(DAY);
        TrashItem notDue = trash.delete(W1, project(W1, "later", 10), ALICE);
        clock.advance(Duration.ofDays(30).minusHours(1)); // the first seven expired an hour ago

        Purged purged = trash.sweeper(SweeperOptions.defaults().batchSize(2)).sweepOnce();

        assertThat(purged).isEqualTo(new Purged(7, 70, 0));
        assertThat(listedIds(W1)).containsExactly(notDue.id());
        due.forEach(i -> assertThat(backend.timesFreed(i.id())).isEqualTo(1));
        assertThat(backend.timesFreed(notDue.id())).isZero();
    }

    @Test
    @DisplayName("R17 R19 a sweep that fails (store down) does not throw, and the next sweep purges what is due")
    void sweepSurvivesStoreFailure() {
        ResourceRef p = project(W1, "p1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));
        TrashManager crashing = builder().backend(Fault.inStore(backend.backend(), Fault.on("claimNext", 1))).build();
        TrashSweeper sweeper = crashing.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(backend.exists(p)).isTrue();
        assertThat(backend.timesFreed(item.id())).isZero();

        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 10, 0));
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    /**
     * An executor that runs nothing by itself: it only records what the sweeper schedules, so a
     * test can run the scheduled sweep on its own thread. It never starts a thread.
     */
    private static final class ManualScheduler extends java.util.concurrent.ScheduledThreadPoolExecutor {
        Runnable command;
        long initialDelay;
        long delay;
        java.util.concurrent.TimeUnit unit;
        final ManualFuture future = new ManualFuture();

        ManualScheduler() {
            super(1);
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
                                                                            long delay, java.util.concurrent.TimeUnit unit) {
            this.command = command;
            this.initialDelay = initialDelay;
            this.delay = delay;
            this.unit = unit;
            return future;
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
                                                                         long period, java.util.concurrent.TimeUnit unit) {
            throw new AssertionError("the sweeper should wait its interval after each sweep, not run at a fixed rate");
        }
    }

    private static final class ManualFuture implements java.util.concurrent.ScheduledFuture<Object> {
        volatile boolean cancelled;

        @Override
        public long getDelay(java.util.concurrent.TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, java.util.concurrent.TimeUnit unit) {
            return null;
        }
    }

    @Test
    @DisplayName("R17 the host starts the sweeper on its own executor: it sweeps every interval, survives failures, stops on request")
    void sweeperOnHostExecutor() {
        ResourceRef p = project(W1, "p1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        Fault fault = Fault.on("claimNext", 1);
        TrashManager flaky = builder().backend(Fault.inStore(backend.backend(), fault)).build();
        TrashSweeper sweeper = flaky.sweeper(SweeperOptions.defaults().interval(Duration.ofHours(6)));
        ManualScheduler executor = new ManualScheduler();
        try {
            assertThat(sweeper.isRunning()).isFalse();
            assertThat(executor.command).as("nothing scheduled before start").isNull();

            sweeper.start(executor);

            assertThat(sweeper.isRunning()).isTrue();
            assertThat(executor.initialDelay).isZero();
            assertThat(executor.unit.toMillis(executor.delay)).isEqualTo(Duration.ofHours(6).toMillis());
            assertThatThrownBy(() -> sweeper.start(executor)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already started");

            clock.set(item.expiresAt());
            executor.command.run(); // the store fails: the scheduled sweep must not throw
            assertThat(fault.fired()).isEqualTo(1);
            assertThat(backend.exists(p)).isTrue();
            executor.command.run(); // next interval
            assertThat(backend.exists(p)).isFalse();
            assertThat(backend.timesFreed(item.id())).isEqualTo(1);

            assertThat(sweeper.stop(Duration.ofSeconds(1))).isTrue();
            assertThat(executor.future.isCancelled()).isTrue();
            assertThat(sweeper.isRunning()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- R18

    @Test
    @DisplayName("R18 purging a project also purges a model trashed on its own inside it: its hooks run, its bytes are freed")
    void purgeProjectTakesNestedModel() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        ResourceRef ownWeights = child(WEIGHTS, own, "w1", 100);
        ResourceRef cascaded = model(p, "m2", 20);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);

        Purged purged = trash.purge(W1, projectItem.id(), ALICE);

        assertThat(purged).isEqualTo(new Purged(2, 1_020 + 110, 0));
        assertThat(hook.items()).containsExactlyInAnyOrder(projectItem.id(), modelItem.id());
        Seen modelSeen = hook.seen.stream().filter(s -> s.item().equals(modelItem.id())).findFirst().orElseThrow();
        assertThat(modelSeen.root()).isEqualTo(own);
        assertThat(modelSeen.sizeBytes()).isEqualTo(110);
        assertThat(modelSeen.resources()).isEqualTo(Map.of(MODEL, List.of(own), WEIGHTS, List.of(ownWeights)));
        for (ResourceRef r : List.of(p, own, ownWeights, cascaded)) {
            assertThat(backend.exists(r)).as("%s", r).isFalse();
        }
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(projectItem.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(1_130);
        assertThat(listedIds(W1)).isEmpty();
        assertThat(purgedEvents()).extracting(TrashEvent.Purged::item)
                .containsExactlyInAnyOrder(projectItem.id(), modelItem.id());
    }

    @Test
    @DisplayName("R18 nesting is followed at every depth: weights trashed alone inside a model trashed alone inside the project")
    void purgeFollowsNestingAtEveryDepth() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 10);
        ResourceRef w = child(WEIGHTS, m, "w1", 100);
        ResourceRef other = project(W1, "p2", 1_000);
        TrashItem weightsItem = trash.delete(W1, w, ALICE);
        TrashItem modelItem = trash.delete(W1, m, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);
        TrashItem unrelated = trash.delete(W1, other, ALICE);

        assertThat(trash.purge(W1, projectItem.id(), ALICE)).isEqualTo(new Purged(3, 111, 0));

        assertThat(hook.items()).containsExactlyInAnyOrder(projectItem.id(), modelItem.id(), weightsItem.id());
        assertThat(backend.exists(w)).isFalse();
        assertThat(backend.exists(m)).isFalse();
        assertThat(backend.exists(p)).isFalse();
        assertThat(listedIds(W1)).containsExactly(unrelated.id());
        assertThat(backend.timesFreed(weightsItem.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R18 R16 Empty Trash purges a project and the model trashed on its own inside it, each freed once")
    void emptyTrashWithNestedModel() {
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);

        assertThat(trash.emptyTrash(W1, ALICE)).isEqualTo(new Purged(2, 1_010, 0));

        assertThat(hook.items()).containsExactlyInAnyOrder(projectItem.id(), modelItem.id());
        assertThat(backend.exists(own)).isFalse();
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(projectItem.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R18 R17 the sweeper purging an expired project also purges a not-yet-expired model trashed inside it")
    void sweepProjectTakesNestedModel() throws Exception {
        useTypes(ReferenceTypes.withRetention(PROJECT, Duration.ofDays(10)));
        RecordingHook hook = new RecordingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        ResourceRef ownExport = child(EXPORT, own, "e1", 100);
        TrashItem modelItem = trash.delete(W1, own, ALICE); // expires on day 30
        clock.advance(DAY);
        TrashItem projectItem = trash.delete(W1, p, ALICE); // expires on day 11
        clock.advance(Duration.ofDays(10));
        assertThat(trash.get(W1, modelItem.id())).as("the model is not expired").isPresent();

        Purged purged = trash.sweeper(SweeperOptions.defaults()).sweepOnce();

        assertThat(purged).isEqualTo(new Purged(2, 1_110, 0));
        assertThat(hook.items()).containsExactlyInAnyOrder(projectItem.id(), modelItem.id());
        assertThat(backend.exists(own)).isFalse();
        assertThat(backend.exists(ownExport)).isFalse();
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
        assertThat(trash.get(W1, modelItem.id())).isEmpty();
    }

    // ---------------------------------------------------------------- R19

    @Test
    @DisplayName("R19 a hook failing twice: the item leaves the Trash at once, is retried with doubling backoff, freed once at the end")
    void hookFailsTwiceThenSucceeds() {
        FlakyHook hook = new FlakyHook(2);
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        assertThat(SweeperOptions.defaults().initialBackoff()).isEqualTo(Duration.ofMinutes(1));

        // attempt 1 (manual purge) fails
        assertThat(trash.purge(W1, item.id(), ALICE)).isEqualTo(new Purged(0, 0, 1));
        assertThat(listedIds(W1)).isEmpty();
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> trash.purge(W1, item.id(), ALICE)).isInstanceOf(ConflictException.class);
        assertThat(isTrashed(p)).isTrue();
        assertThat(isTrashed(m)).isTrue();
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(backend.freedBytes(W1)).isZero();
        StorageSummary during = trash.storageSummary(W1);
        assertThat(during.items()).isZero();
        assertThat(during.purgingItems()).isEqualTo(1);
        assertThat(during.purgingBytes()).isEqualTo(110);
        assertThat(events).last().isInstanceOfSatisfying(TrashEvent.PurgeFailed.class, e -> {
            assertThat(e.item()).isEqualTo(item.id());
            assertThat(e.root()).as("the root tags metrics by type").isEqualTo(p);
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.error()).contains("file store down");
        });

        // before the 1-minute backoff: nothing
        clock.advance(Duration.ofSeconds(59));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(hook.calls).hasValue(1);

        // attempt 2 after 1 minute fails; the next backoff is 2 minutes
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(0, 0, 1));
        assertThat(hook.calls).hasValue(2);
        assertThat(events).last().isInstanceOfSatisfying(TrashEvent.PurgeFailed.class,
                e -> assertThat(e.attempt()).isEqualTo(2));
        clock.advance(Duration.ofMinutes(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(hook.calls).hasValue(2);
        assertThat(isTrashed(p)).isTrue();

        // attempt 3 succeeds
        clock.advance(Duration.ofMinutes(1));
        Instant purgedAt = clock.instant();
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 110, 0));
        assertThat(hook.calls).hasValue(3);
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.exists(m)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(110);
        assertThat(trash.storageSummary(W1).purgingItems()).isZero();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(NotFoundException.class);

        clock.advance(Duration.ofDays(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(purgedEvents()).containsExactly(new TrashEvent.Purged(W1, item.id(), p, 110, ActorId.SWEEPER, purgedAt));
    }

    @Test
    @DisplayName("R19 R17 a hook failing during a sweep or Empty Trash is reported as retrying and finished later")
    void hookFailsDuringSweepAndEmpty() {
        FlakyHook hook = new FlakyHook(2);
        trash = builder().purgeHook(hook).build();
        ResourceRef p1 = project(W1, "p1", 10);
        TrashItem first = trash.delete(W1, p1, ALICE);
        clock.advance(Duration.ofDays(30));
        ResourceRef p2 = project(W1, "p2", 20);
        TrashItem second = trash.delete(W1, p2, ALICE);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(0, 0, 1)); // first fails
        assertThat(trash.emptyTrash(W1, ALICE)).isEqualTo(new Purged(0, 0, 1)); // second fails
        assertThat(listedIds(W1)).isEmpty();
        assertThat(backend.exists(p1)).isTrue();
        assertThat(backend.exists(p2)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(2, 30, 0));
        assertThat(backend.exists(p1)).isFalse();
        assertThat(backend.exists(p2)).isFalse();
        assertThat(backend.timesFreed(first.id())).isEqualTo(1);
        assertThat(backend.timesFreed(second.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R19 R18 a hook failing for the nested model holds back its project too: nothing outlives its parent")
    void nestedFailureHoldsTheUnit() {
        AtomicInteger modelFailures = new AtomicInteger();
        trash = builder().purgeHook(t -> {
            if (t.root().type().equals(MODEL) && modelFailures.incrementAndGet() == 1) {
                throw new IOException("model files unreachable");
            }
        }).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);

        Purged first = trash.purge(W1, projectItem.id(), ALICE);

        assertThat(first.items()).isZero();
        assertThat(first.retrying()).isPositive();
        assertThat(backend.exists(p)).isTrue();
        assertThat(backend.exists(own)).isTrue();
        assertThat(backend.timesFreed(projectItem.id())).isZero();
        assertThat(backend.timesFreed(modelItem.id())).isZero();
        assertThat(listedIds(W1)).as("neither is restorable any more").doesNotContain(projectItem.id());

        clock.advance(Duration.ofMinutes(1));
        Purged retried = trash.sweeper(SweeperOptions.defaults()).sweepOnce();

        assertThat(retried).isEqualTo(new Purged(2, 1_010, 0));
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.exists(own)).isFalse();
        assertThat(backend.timesFreed(projectItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
    }

    /** A hook that fails the first time it sees an item whose root is a model. */
    private static PurgeHook failFirstModel(AtomicInteger modelCalls) {
        return t -> {
            if (t.root().type().equals(MODEL) && modelCalls.incrementAndGet() == 1) {
                throw new IOException("model files unreachable");
            }
        };
    }

    @Test
    @DisplayName("R16 R18 R19 Empty Trash: a failing hook on a nested model holds back its project only; other items are purged")
    void emptyTrashNestedFailureInSameBatch() {
        AtomicInteger modelCalls = new AtomicInteger();
        trash = builder().purgeHook(failFirstModel(modelCalls)).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        ResourceRef d = dataset(W1, "d1", 5);
        ResourceRef img = child(IMAGE, d, "i1", 1);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);
        TrashItem datasetItem = trash.delete(W1, d, ALICE);

        Purged purged = trash.emptyTrash(W1, ALICE);

        assertThat(backend.exists(own)).as("the model's hook failed: its rows stay").isTrue();
        assertThat(backend.exists(p)).as("nothing outlives its parent: the project waits for its model").isTrue();
        assertThat(backend.exists(d)).as("the unrelated dataset's hooks succeeded: it is purged").isFalse();
        assertThat(backend.exists(img)).isFalse();
        assertThat(backend.timesFreed(datasetItem.id())).isEqualTo(1);
        assertThat(purged).isEqualTo(new Purged(1, 6, 2));
        assertThat(listedIds(W1)).isEmpty();

        clock.advance(SweeperOptions.defaults().lease());
        Purged retried = trash.sweeper(SweeperOptions.defaults()).sweepOnce();

        assertThat(retried.items()).isEqualTo(2);
        assertThat(backend.exists(own)).isFalse();
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(projectItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(datasetItem.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R17 R18 R19 sweep: an expired project and its expired nested model in one batch, the model's hook failing once")
    void sweepNestedFailureInSameBatch() {
        AtomicInteger modelCalls = new AtomicInteger();
        trash = builder().purgeHook(failFirstModel(modelCalls)).build();
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef own = model(p, "m1", 10);
        ResourceRef other = project(W1, "p2", 5);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        TrashItem projectItem = trash.delete(W1, p, ALICE);
        TrashItem otherItem = trash.delete(W1, other, ALICE);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        Purged first = sweeper.sweepOnce();

        assertThat(backend.exists(own)).isTrue();
        assertThat(backend.exists(p)).isTrue();
        assertThat(backend.exists(other)).as("an unrelated expired project is purged").isFalse();
        assertThat(backend.timesFreed(otherItem.id())).isEqualTo(1);
        assertThat(first).isEqualTo(new Purged(1, 5, 2));

        clock.advance(SweeperOptions.defaults().lease());
        assertThat(sweeper.sweepOnce().items()).isEqualTo(2);
        assertThat(backend.exists(own)).isFalse();
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(modelItem.id())).isEqualTo(1);
        assertThat(backend.timesFreed(projectItem.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R19 retries back off exponentially from initialBackoff, capped at maxBackoff")
    void backoffDoublesUpToTheCap() {
        FlakyHook hook = new FlakyHook(4);
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.set(item.expiresAt());
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults()
                .backoff(Duration.ofMinutes(1), Duration.ofMinutes(3)));

        assertThat(sweeper.sweepOnce().retrying()).isEqualTo(1); // failure 1 -> wait 1 min
        int calls = hook.calls.get();
        for (Duration wait : List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                Duration.ofMinutes(3))) {
            clock.advance(wait.minusSeconds(1));
            assertThat(sweeper.sweepOnce()).as("before %s", wait).isEqualTo(Purged.NONE);
            assertThat(hook.calls).hasValue(calls);
            clock.advance(Duration.ofSeconds(1));
            sweeper.sweepOnce();
            assertThat(hook.calls).as("after %s", wait).hasValue(++calls);
        }
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R19 a crash while deleting the purged rows leaves them intact; the item is retried after its backoff and freed once")
    void crashDuringRowDeletion() {
        FlakyHook hook = new FlakyHook(0);
        Fault fault = Fault.on("purge", 1); // the first level of rows is deleted, then the crash
        trash = builder().purgeHook(hook).backend(Fault.inResources(backend.backend(), fault)).build();
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        ResourceRef w = child(WEIGHTS, m, "w1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);

        Purged first = trash.purge(W1, item.id(), ALICE);

        assertThat(fault.fired()).isEqualTo(1);
        assertThat(first).isEqualTo(new Purged(0, 0, 1));
        for (ResourceRef r : List.of(p, m, w)) {
            assertThat(isTrashed(r)).as("%s intact", r).isTrue();
        }
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(listedIds(W1)).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(ConflictException.class);
        assertThat(purgedEvents()).isEmpty();

        assertThat(events).filteredOn(e -> e instanceof TrashEvent.PurgeFailed).as("the failure is reported").hasSize(1);

        // A failed row delete is retried with the same backoff as a failed hook.
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        clock.advance(SweeperOptions.defaults().initialBackoff().minusSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(isTrashed(p)).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 111, 0));
        assertThat(hook.calls).as("hooks are re-run: they must be idempotent").hasValue(2);
        for (ResourceRef r : List.of(p, m, w)) {
            assertThat(backend.exists(r)).as("%s", r).isFalse();
        }
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(111);
        assertThat(purgedEvents()).containsExactly(new TrashEvent.Purged(W1, item.id(), p, 111, ActorId.SWEEPER, clock.instant()));
    }

    @Test
    @DisplayName("R19 R22 a row delete that loses a race (a deadlock with another worker) is run again after a short pause: "
            + "purged in the same sweep, hooks run once, no failure; a race lost every time is a failure retried later")
    void rowDeletionLosingARace() {
        FlakyHook hook = new FlakyHook(0);
        Fault fourTimes = Fault.racing("purge", 4); // the first level of rows is deleted, then the "deadlock", 4 times
        trash = builder().purgeHook(hook).backend(Fault.inResources(backend.backend(), fourTimes)).build();
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));

        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(new Purged(1, 110, 0));
        assertThat(fourTimes.fired()).isEqualTo(4);
        assertThat(hook.calls).as("hooks run once: only the delete transaction is run again").hasValue(1);
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.exists(m)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(events).filteredOn(e -> e instanceof TrashEvent.PurgeFailed).isEmpty();

        FlakyHook again = new FlakyHook(0);
        Fault always = Fault.racing("purge", Integer.MAX_VALUE);
        trash = builder().purgeHook(again).backend(Fault.inResources(backend.backend(), always)).build();
        ResourceRef q = project(W1, "q1", 7);
        TrashItem lost = trash.delete(W1, q, ALICE);
        clock.advance(Duration.ofDays(31));

        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(new Purged(0, 0, 1));
        assertThat(always.fired()).as("the delete transaction runs 5 times in all").isEqualTo(5);
        assertThat(isTrashed(q)).as("rolled back: intact").isTrue();
        assertThat(backend.timesFreed(lost.id())).isZero();
        assertThat(events).filteredOn(e -> e instanceof TrashEvent.PurgeFailed).as("then it is a failure").hasSize(1);

        // Interrupted (here by its own hook) before the pause: no more runs, the unit fails, the interrupt is kept.
        Fault interrupted = Fault.racing("purge", Integer.MAX_VALUE);
        trash = builder().purgeHook(target -> Thread.currentThread().interrupt())
                .backend(Fault.inResources(backend.backend(), interrupted)).build();
        ResourceRef r = project(W1, "r1", 3);
        TrashItem stopped = trash.delete(W1, r, ALICE);
        try {
            assertThat(trash.purge(W1, stopped.id(), ALICE)).isEqualTo(new Purged(0, 0, 1));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is restored").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(interrupted.fired()).as("an interrupted pause runs the delete no more").isEqualTo(1);
        assertThat(isTrashed(r)).as("rolled back: intact").isTrue();
        assertThat(events).filteredOn(e -> e instanceof TrashEvent.PurgeFailed).hasSize(2);
        assertThat(backend.timesFreed(stopped.id())).isZero();
    }

    @Test
    @DisplayName("R19 R20 a crash after the store record is removed but before commit rolls back rows and ledger alike")
    void crashAfterRemovingTheRecord() {
        trash = builder().backend(Fault.inStore(backend.backend(), Fault.on("removeAll", 1))).build();
        ResourceRef d = dataset(W1, "d1", 10);
        ResourceRef img = child(IMAGE, d, "i1", 5);
        TrashItem item = trash.delete(W1, d, ALICE);
        clock.advance(Duration.ofDays(30));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(0, 0, 1));
        assertThat(isTrashed(d)).isTrue();
        assertThat(isTrashed(img)).isTrue();
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(trash.storageSummary(W1).purgingItems()).isEqualTo(1);

        clock.advance(SweeperOptions.defaults().lease());
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 15, 0));
        assertThat(backend.exists(d)).isFalse();
        assertThat(backend.exists(img)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R20 R19 a crash right after the ledger was told rolls the report back with the rows: freed once in the end")
    void crashAfterLedgerReport() {
        Fault fault = Fault.on("freed", 1);
        trash = builder().storageLedger((ws, id, bytes) -> {
            backend.ledger().freed(ws, id, bytes);
            fault.after("freed");
        }).build();
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(trash.purge(W1, item.id(), ALICE)).isEqualTo(new Purged(0, 0, 1));

        assertThat(fault.fired()).isEqualTo(1);
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(backend.freedBytes(W1)).isZero();
        assertThat(isTrashed(p)).isTrue();
        assertThat(isTrashed(m)).isTrue();

        clock.advance(SweeperOptions.defaults().lease());
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(new Purged(1, 110, 0));
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(110);
        assertThat(backend.exists(p)).isFalse();
    }

    // ---------------------------------------------------------------- R20

    @Test
    @DisplayName("R20 delete and restore leave the storage ledger untouched; purge frees the item's bytes exactly once")
    void ledger() {
        ResourceRef p = project(W1, "p1", 100);
        model(p, "m1", 10);
        TrashItem first = trash.delete(W1, p, ALICE);
        assertThat(backend.freedBytes(W1)).isZero();
        assertThat(backend.timesFreed(first.id())).isZero();

        trash.restore(W1, first.id(), ALICE);
        assertThat(backend.freedBytes(W1)).isZero();
        assertThat(backend.timesFreed(first.id())).isZero();

        TrashItem second = trash.delete(W1, p, ALICE);
        assertThat(trash.storageSummary(W1).bytes()).as("trashed bytes still count").isEqualTo(110);
        trash.purge(W1, second.id(), ALICE);
        assertThat(backend.freedBytes(W1)).isEqualTo(110);
        assertThat(backend.timesFreed(second.id())).isEqualTo(1);
        assertThat(backend.timesFreed(first.id())).isZero();

        clock.advance(Duration.ofDays(60));
        trash.sweeper(SweeperOptions.defaults()).sweepOnce();
        trash.emptyTrash(W1, ALICE);
        assertThat(backend.freedBytes(W1)).isEqualTo(110);
        assertThat(backend.timesFreed(second.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W2)).isZero();
    }

    // ---------------------------------------------------------------- purges and host transactions

    @Test
    @DisplayName("R15 R16 R17 purge, Empty Trash and a sweep refuse to run inside a transaction: their hooks could not be undone")
    void purgesRefuseAnOpenTransaction() {
        CountingHook hook = new CountingHook();
        trash = builder().purgeHook(hook).build();
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        transactions().inTransaction(() -> {
            assertThatThrownBy(() -> trash.purge(W1, item.id(), ALICE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("purge cannot run inside a transaction");
            assertThatThrownBy(() -> trash.emptyTrash(W1, ALICE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("emptyTrash cannot run inside a transaction");
            assertThatThrownBy(sweeper::sweepOnce).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sweepOnce cannot run inside a transaction");
            return null;
        });

        assertThat(hook.calls).hasValue(0);
        assertThat(isTrashed(p)).isTrue();
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 100, 0));
        assertThat(hook.calls).hasValue(1);
    }

    @Test
    @DisplayName("R19 manual purges and Empty Trash retry with the backoff set by purgeOptions")
    void purgeOptionsSetTheBackoff() {
        AtomicInteger failures = new AtomicInteger(1);
        trash = builder().purgeOptions(SweeperOptions.defaults().backoff(Duration.ofMinutes(5), Duration.ofHours(1)))
                .purgeHook(target -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new IOException("file store down");
                    }
                }).build();
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(trash.purge(W1, item.id(), ALICE)).isEqualTo(new Purged(0, 0, 1));

        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 100, 0));
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    /** A purge hook that counts its calls. */
    private static final class CountingHook implements PurgeHook {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void purge(PurgeTarget target) {
            calls.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- R31

    @Test
    @DisplayName("R31 totals count every workspace: listed items and bytes, items being purged, items retrying, the purge lag")
    void totalsAcrossWorkspaces() {
        FlakyHook hook = new FlakyHook(1);
        trash = builder().purgeHook(hook).build();
        TrashItem p1 = trash.delete(W1, project(W1, "p1", 100), ALICE);
        ResourceRef p2 = project(W2, "p2", 30);
        model(p2, "m2", 5);
        trash.delete(W2, p2, ALICE);
        TrashItem d = trash.delete(W1, dataset(W1, "d", 7), ALICE);
        project(W1, "active", 1_000);

        TrashTotals fresh = trash.totals();
        assertThat(fresh).isEqualTo(new TrashTotals(clock.instant(), 3, 142, 0, 0, 0, Optional.empty()));
        assertThat(fresh.purgeLag()).isZero();

        assertThat(trash.purge(W1, d.id(), ALICE)).isEqualTo(new Purged(0, 0, 1));
        Instant retryAt = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(SweeperOptions.defaults().initialBackoff());
        assertThat(trash.totals()).as("the failed purge waits for its retry, not due yet")
                .isEqualTo(new TrashTotals(clock.instant(), 2, 135, 1, 7, 1, Optional.empty()));

        clock.advance(Duration.ofDays(31));
        TrashTotals late = trash.totals();
        assertThat(late).as("everything expired: nothing listed, all due; the retry is the oldest due")
                .isEqualTo(new TrashTotals(clock.instant(), 0, 0, 3, 142, 1, Optional.of(retryAt)));
        assertThat(late.purgeLag()).isEqualTo(Duration.between(retryAt, clock.instant()));
        assertThat(p1.expiresAt()).isAfter(retryAt);

        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(new Purged(3, 142, 0));
        assertThat(trash.totals()).isEqualTo(new TrashTotals(clock.instant(), 0, 0, 0, 0, 0, Optional.empty()));
    }

    @Test
    @DisplayName("R31 every sweep ends with a report to the listeners; a failing hook is the sweeper's last error, retried")
    void sweepReportsAndHookFailures() {
        List<SweepReport> reports = new CopyOnWriteArrayList<>();
        FlakyHook hook = new FlakyHook(1);
        trash = builder().purgeHook(hook).listener(new TrashListener() {
            @Override
            public void onEvent(TrashEvent event) {
            }

            @Override
            public void onSweep(SweepReport report) {
                reports.add(report);
            }
        }).build();
        ResourceRef p = project(W1, "p1", 100);
        trash.delete(W1, p, ALICE);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        clock.advance(Duration.ofDays(31));
        Instant failedAt = clock.instant();
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(0, 0, 1));
        SweeperStatus failed = sweeper.status();
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("file store down"));
        assertThat(failed.lastErrorAt()).contains(failedAt);
        clock.advance(Duration.ofMinutes(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 100, 0));

        assertThat(reports).extracting(SweepReport::outcome).containsExactly(SweepReport.Outcome.COMPLETED,
                SweepReport.Outcome.COMPLETED, SweepReport.Outcome.COMPLETED);
        assertThat(reports).extracting(SweepReport::result)
                .containsExactly(Purged.NONE, new Purged(0, 0, 1), new Purged(1, 100, 0));
        assertThat(reports).extracting(SweepReport::startedAt)
                .containsExactly(START, failedAt, failedAt.plus(Duration.ofMinutes(1)));
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.error()).isEmpty();
            assertThat(r.duration().isNegative()).isFalse();
        });
        assertThat(sweeper.status().lastError()).as("kept until the next failure")
                .hasValueSatisfying(e -> assertThat(e).contains("file store down"));
    }

    @Test
    @DisplayName("R31 a sweep that cannot look for due items is reported as failed, with its error, also in the status")
    void failedSweepIsReported() {
        List<SweepReport> reports = new CopyOnWriteArrayList<>();
        trash = builder().backend(Fault.inStore(backend.backend(), Fault.on("workspaces", 1))).listener(new TrashListener() {
            @Override
            public void onEvent(TrashEvent event) {
            }

            @Override
            public void onSweep(SweepReport report) {
                reports.add(report);
            }
        }).build();
        trash.delete(W1, project(W1, "p1", 100), ALICE);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(SweepReport.Outcome.FAILED);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("planned crash"));
        });
        assertThat(sweeper.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("planned crash"));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 100, 0));
        assertThat(reports).last().extracting(SweepReport::outcome).isEqualTo(SweepReport.Outcome.COMPLETED);
    }
}
