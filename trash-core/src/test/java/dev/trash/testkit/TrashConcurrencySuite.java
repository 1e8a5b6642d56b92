package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static dev.trash.testkit.Races.assertLost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConflictException;
import dev.trash.ExpiredException;
import dev.trash.NotFoundException;
import dev.trash.ParentInTrashException;
import dev.trash.RetryableException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.StorageSummary;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.memory.ManualClock;
import dev.trash.testkit.Races.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SPEC R22 with real threads: racing restore / purge / Empty Trash / sweep on one item, several
 * sweepers (threads of one manager and separate managers over one backend), concurrent restores
 * competing for one slug, concurrent deletes of a parent and its child, and the store's
 * conditional methods racing each other. Every task starts at a {@link CyclicBarrier} gate and
 * every wait is bounded; nothing sleeps. The outcomes are checked, never the timing. A store runs
 * it by extending this class and implementing {@link #newBackend}.
 */
@Tag("heavy")
public abstract class TrashConcurrencySuite extends TrashFixture {
    /** The longest any gate or task may take before the test fails (generous: shared CI cores, real databases). */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trash-race");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("race threads ended").isTrue();
    }

    // ---------------------------------------------------------------- harness

    private List<Outcome> race(List<Callable<?>> tasks) {
        return Races.race(pool, TIMEOUT, tasks);
    }

    private List<Outcome> race(Callable<?>... tasks) {
        return race(List.of(tasks));
    }

    private <T> T tx(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    private long count(List<ResourceRef> refs, java.util.function.Predicate<ResourceRef> p) {
        return refs.stream().filter(p).count();
    }

    private Map<TrashItemId, Long> purgedEvents() {
        Map<TrashItemId, Long> byItem = new HashMap<>();
        for (TrashEvent e : events) {
            if (e instanceof TrashEvent.Purged p) {
                byItem.merge(p.item(), 1L, Long::sum);
            }
        }
        return byItem;
    }

    // ---------------------------------------------------------------- restore / purge / empty / sweep

    @Test
    @DisplayName("R22 R9 restore, purge, Empty Trash and sweep racing on one item: exactly one wins, the others fail "
            + "clearly or do nothing, never half a state, bytes freed at most once")
    void restorePurgeEmptySweep() {
        // The sweeper runs on another "application instance" whose clock may be a little ahead: then the item is
        // expired for the sweeper and still restorable for the restore, and both may try at once.
        ManualClock sweeperClock = ManualClock.at(START);
        CountingHook hook = new CountingHook();
        TrashManager racing = builder().purgeHook(hook).build();
        TrashSweeper sweeper = builder().clock(sweeperClock).purgeHook(hook).build()
                .sweeper(SweeperOptions.defaults().batchSize(10));
        Map<String, Integer> wins = new HashMap<>();

        for (int round = 0; round < 60; round++) {
            ResourceRef p = project(W1, "race-" + round, 100);
            ResourceRef m = model(p, "race-m-" + round, 10);
            ResourceRef w = child(WEIGHTS, m, "race-w-" + round, 1);
            List<ResourceRef> rows = List.of(p, m, w);
            TrashItem item = racing.delete(W1, p, ALICE);
            Instant expiry = item.expiresAt();
            int kind = round % 3;
            String scenario;
            switch (kind) {
                case 0 -> { // not expired for anyone: the sweeper must leave it alone
                    sweeperClock.set(clock.instant());
                    scenario = "not expired";
                }
                case 1 -> { // expired for everyone: it can no longer be restored
                    clock.set(expiry.plusSeconds(60));
                    sweeperClock.set(clock.instant());
                    scenario = "expired";
                }
                default -> { // expired for the sweeper only (clock skew of 2 minutes, less than a lease)
                    clock.set(expiry.minusSeconds(60));
                    sweeperClock.set(expiry.plusSeconds(60));
                    scenario = "skewed";
                }
            }
            String at = "round " + round + " (" + scenario + ")";

            List<Outcome> o = race(
                    () -> racing.restore(W1, item.id(), ALICE),
                    () -> racing.purge(W1, item.id(), ALICE),
                    () -> racing.emptyTrash(W1, ALICE),
                    sweeper::sweepOnce);

            boolean restored = o.get(0).ok();
            boolean purged = o.get(1).ok();
            Purged emptied = o.get(2).value(Purged.class);
            Purged swept = o.get(3).value(Purged.class);
            Purged expected = new Purged(1, 111, 0);
            if (purged) {
                assertThat(o.get(1).value(Purged.class)).as(at + " purge result").isEqualTo(expected);
            }
            assertThat(emptied).as(at + " Empty Trash result").isIn(Purged.NONE, expected);
            assertThat(swept).as(at + " sweep result").isIn(Purged.NONE, expected);
            long winners = (restored ? 1 : 0) + (purged ? 1 : 0) + emptied.items() + swept.items();
            assertThat(winners).as(at + ": exactly one winner, outcomes " + o).isEqualTo(1);
            if (kind == 0) {
                assertThat(swept).as(at + ": the sweeper never purges an item that is not expired").isEqualTo(Purged.NONE);
            }
            if (kind == 1) {
                assertThat(restored).as(at + ": an expired item cannot be restored").isFalse();
            }

            if (restored) {
                wins.merge("restore", 1, Integer::sum);
                assertThat(o.get(0).value(Restored.class).restoredCount()).isEqualTo(3);
                assertLost(o.get(1), at + " purge", NotFoundException.class);
                assertThat(count(rows, this::isActive)).as(at + " rows active after restore").isEqualTo(3);
                assertThat(backend.timesFreed(item.id())).as(at + " freed").isZero();
                assertThat(hook.of(item.id())).as(at + " purge hook calls").isZero();
            } else {
                wins.merge(purged ? "purge" : emptied.items() == 1 ? "empty" : "sweep", 1, Integer::sum);
                assertLost(o.get(0), at + " restore", ExpiredException.class, ConflictException.class,
                        NotFoundException.class, RetryableException.class);
                if (!purged) {
                    assertLost(o.get(1), at + " purge", ConflictException.class, NotFoundException.class);
                }
                assertThat(count(rows, backend::exists)).as(at + " rows left after purge").isZero();
                assertThat(backend.timesFreed(item.id())).as(at + " freed").isEqualTo(1);
                assertThat(hook.of(item.id())).as(at + " purge hook calls: no second worker while a lease holds")
                        .isEqualTo(1);
            }
            assertThat(store().find(W1, item.id())).as(at + " item record").isEmpty();
        }
        assertThat(wins.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat(backend.freedBytes(W1)).isEqualTo(111L * (60 - wins.getOrDefault("restore", 0)));
    }

    @Test
    @DisplayName("R22 two restores of the same item: one restores it, the other fails clearly")
    void restoreRestore() {
        for (int round = 0; round < 30; round++) {
            ResourceRef p = project(W1, "rr-" + round, 1);
            ResourceRef m = model(p, "rr-m-" + round, 1);
            TrashItem item = trash.delete(W1, p, ALICE);

            List<Outcome> o = race(() -> trash.restore(W1, item.id(), ALICE), () -> trash.restore(W1, item.id(), ALICE));

            assertThat(o.stream().filter(Outcome::ok).count()).as("round " + round + " winners " + o).isEqualTo(1);
            Outcome loser = o.get(0).ok() ? o.get(1) : o.get(0);
            assertLost(loser, "second restore", NotFoundException.class, ConflictException.class,
                    RetryableException.class);
            assertThat(isActive(p)).isTrue();
            assertThat(isActive(m)).isTrue();
            assertThat(backend.find(p).orElseThrow().resource().slug()).contains("rr-" + round);
        }
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();
    }

    @Test
    @DisplayName("R22 two deletes of the same resource: one item is made, the other delete fails clearly")
    void deleteDelete() {
        for (int round = 0; round < 30; round++) {
            ResourceRef d = dataset(W1, "dd-" + round, 1);
            List<ResourceRef> images = children(IMAGE, d, "dd-" + round + "-img", 3, 1);

            List<Outcome> o = race(() -> trash.delete(W1, d, ALICE), () -> trash.delete(W1, d, ALICE));

            assertThat(o.stream().filter(Outcome::ok).count()).as("round " + round + " winners " + o).isEqualTo(1);
            Outcome winner = o.get(0).ok() ? o.get(0) : o.get(1);
            Outcome loser = o.get(0).ok() ? o.get(1) : o.get(0);
            assertLost(loser, "second delete", ConflictException.class);
            TrashItem item = winner.value(TrashItem.class);
            assertThat(item.cascadedCount()).isEqualTo(3);
            assertThat(backend.find(d).orElseThrow().trashedBy()).contains(item.id());
            for (ResourceRef img : images) {
                assertThat(backend.find(img).orElseThrow().trashedBy()).contains(item.id());
            }
        }
        assertThat(trash.list(W1, TrashQuery.all().limit(100)).items()).hasSize(30);
    }

    @Test
    @DisplayName("R22 a delete racing the restore of the same resource: the restore wins, the delete fails or makes a "
            + "new item of the restored resource")
    void deleteVersusRestore() {
        for (int round = 0; round < 30; round++) {
            ResourceRef p = project(W1, "dr-" + round, 1);
            ResourceRef m = model(p, "dr-m-" + round, 10);
            TrashItem item = trash.delete(W1, p, ALICE);
            String at = "round " + round;

            List<Outcome> o = race(() -> trash.restore(W1, item.id(), ALICE), () -> trash.delete(W1, p, ALICE));

            assertThat(o.get(0).value(Restored.class).restoredCount()).as(at).isEqualTo(2);
            assertThat(store().find(W1, item.id())).as(at).isEmpty();
            if (o.get(1).ok()) { // deleted again after the restore: a new item holding both
                TrashItem again = o.get(1).value(TrashItem.class);
                assertThat(again.id()).isNotEqualTo(item.id());
                assertThat(again.cascadedCount()).as(at).isEqualTo(1);
                assertThat(backend.find(p).orElseThrow().trashedBy()).as(at).contains(again.id());
                assertThat(backend.find(m).orElseThrow().trashedBy()).as(at).contains(again.id());
                assertThat(trash.get(W1, again.id())).as(at).isPresent();
            } else {
                assertLost(o.get(1), at + " delete", ConflictException.class);
                assertThat(isActive(p)).as(at).isTrue();
                assertThat(isActive(m)).as(at).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- several sweepers

    /** Counts the purge-hook calls per item. */
    private static final class CountingHook implements PurgeHook {
        final Map<TrashItemId, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void purge(dev.trash.spi.PurgeTarget target) {
            calls.computeIfAbsent(target.item(), k -> new AtomicInteger()).incrementAndGet();
        }

        int of(TrashItemId id) {
            AtomicInteger n = calls.get(id);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    @DisplayName("R22 R17 R20 four sweepers of two managers over one backend purge 2,000 expired items exactly once, "
            + "missing none")
    void severalSweepers() {
        CountingHook hook = new CountingHook();
        TrashManager first = builder().purgeHook(hook).build();
        TrashManager second = builder().purgeHook(hook).build();
        Map<TrashItemId, WorkspaceId> items = new HashMap<>();
        List<ResourceRef> rows = new ArrayList<>();
        long[] bytes = new long[2];
        for (int i = 0; i < 1_000; i++) {
            ResourceRef p = project(W1, "sw-p-" + i, 1 + i % 7);
            rows.add(p);
            rows.add(model(p, "sw-m-" + i, 10));
            items.put(trash.delete(W1, p, ALICE).id(), W1);
            bytes[0] += 11 + i % 7;
            ResourceRef d = dataset(W2, "sw-d-" + i, 2);
            rows.add(d);
            rows.add(child(IMAGE, d, "sw-img-" + i, 3));
            items.put(trash.delete(W2, d, ALICE).id(), W2);
            bytes[1] += 5;
            if (i % 100 == 0) {
                clock.advance(Duration.ofSeconds(1)); // several deletion times, not all the same expiry
            }
        }
        clock.advance(Duration.ofDays(31));
        List<TrashSweeper> sweepers = List.of(
                first.sweeper(SweeperOptions.defaults().batchSize(7)),
                first.sweeper(SweeperOptions.defaults().batchSize(13)),
                second.sweeper(SweeperOptions.defaults().batchSize(5)),
                second.sweeper(SweeperOptions.defaults().batchSize(16)));

        List<Outcome> o = race(sweepers.stream().<Callable<?>>map(s -> s::sweepOnce).toList());

        Purged total = Purged.NONE;
        for (Outcome outcome : o) {
            total = total.plus(outcome.value(Purged.class));
        }
        assertThat(total).isEqualTo(new Purged(2_000, bytes[0] + bytes[1], 0));
        List<TrashItemId> freedTwice = new ArrayList<>();
        List<TrashItemId> missed = new ArrayList<>();
        for (TrashItemId id : items.keySet()) {
            int freed = backend.timesFreed(id);
            if (freed == 0) {
                missed.add(id);
            } else if (freed > 1) {
                freedTwice.add(id);
            }
            assertThat(hook.of(id)).as("hook calls for " + id).isEqualTo(1);
            assertThat(store().find(items.get(id), id)).isEmpty();
        }
        assertThat(missed).as("items never purged").isEmpty();
        assertThat(freedTwice).as("items freed more than once").isEmpty();
        assertThat(purgedEvents()).hasSize(2_000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(count(rows, backend::exists)).as("host rows left").isZero();
        assertThat(backend.freedBytes(W1)).isEqualTo(bytes[0]);
        assertThat(backend.freedBytes(W2)).isEqualTo(bytes[1]);
        assertThat(store().summarize(W1, States.listed(clock.instant()))).isEqualTo(new StorageSummary(W1, 0, 0, Map.of(), 0, 0));
        assertThat(sweepers.get(0).sweepOnce()).isEqualTo(Purged.NONE);
    }

    @Test
    @DisplayName("R22 R18 R19 two sweepers on projects holding models trashed on their own: each item purged exactly "
            + "once, a project blocked by a held model is retried, nothing outlives its parent")
    void sweepersWithNestedItems() {
        CountingHook hook = new CountingHook();
        TrashManager first = builder().purgeHook(hook).build();
        TrashManager second = builder().purgeHook(hook).build();
        List<TrashItemId> items = new ArrayList<>();
        List<ResourceRef> rows = new ArrayList<>();
        List<ResourceRef> projects = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ResourceRef p = project(W1, "nest-p-" + i, 1);
            ResourceRef m = model(p, "nest-m-" + i, 10);
            rows.addAll(List.of(p, m, child(WEIGHTS, m, "nest-w-" + i, 100)));
            projects.add(p);
            items.add(trash.delete(W1, m, ALICE).id());
        }
        clock.advance(Duration.ofSeconds(1));
        for (ResourceRef p : projects) {
            items.add(trash.delete(W1, p, ALICE).id());
        }
        clock.advance(Duration.ofDays(31));
        TrashSweeper a = first.sweeper(SweeperOptions.defaults().batchSize(3));
        TrashSweeper b = second.sweeper(SweeperOptions.defaults().batchSize(4));

        List<Outcome> o = race(a::sweepOnce, b::sweepOnce);
        Purged racing = o.get(0).value(Purged.class).plus(o.get(1).value(Purged.class));
        // a project whose model another sweeper held was released with a backoff (1 minute by default): retry it
        clock.advance(Duration.ofHours(1));
        Purged retried = a.sweepOnce();

        assertThat(racing.items() + retried.items()).isEqualTo(400);
        assertThat(racing.bytes() + retried.bytes()).isEqualTo(200L * 111);
        assertThat(retried.retrying()).isZero();
        for (TrashItemId id : items) {
            assertThat(backend.timesFreed(id)).as("freed " + id).isEqualTo(1);
            assertThat(hook.of(id)).as("hook calls for " + id).isEqualTo(1);
            assertThat(store().find(W1, id)).isEmpty();
        }
        assertThat(count(rows, backend::exists)).as("host rows left").isZero();
        assertThat(backend.freedBytes(W1)).isEqualTo(200L * 111);
    }

    // ---------------------------------------------------------------- slugs

    @Test
    @DisplayName("R22 R11 concurrent restores of projects that all had the taken slug get distinct slugs slug-2 … slug-9")
    void concurrentRestoresGetDistinctSlugs() {
        int n = 8;
        List<TrashItem> trashed = new ArrayList<>();
        List<ResourceRef> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ResourceRef ref = ResourceRef.of(PROJECT, "same-" + i);
            backend.add(HostResource.root(ref, W1, "Same " + i, "slug", 1));
            refs.add(ref);
            trashed.add(trash.delete(W1, ref, ALICE));
        }
        backend.add(HostResource.root(ResourceRef.of(PROJECT, "newcomer"), W1, "Newcomer", "slug", 1));

        List<Outcome> o = race(trashed.stream().<Callable<?>>map(t -> () -> trash.restore(W1, t.id(), ALICE)).toList());

        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Restored r = o.get(i).value(Restored.class);
            assertThat(r.root()).isEqualTo(refs.get(i));
            assertThat(r.originalSlug()).contains("slug");
            assertThat(r.renamed()).isTrue();
            String slug = r.slug().orElseThrow();
            assertThat(backend.find(refs.get(i)).orElseThrow().resource().slug()).contains(slug);
            assertThat(isActive(refs.get(i))).isTrue();
            slugs.add(slug);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 2; i <= n + 1; i++) {
            expected.add("slug-" + i);
        }
        assertThat(slugs).isEqualTo(expected);
        assertThat(backend.find(ResourceRef.of(PROJECT, "newcomer")).orElseThrow().resource().slug())
                .contains("slug");
    }

    // ---------------------------------------------------------------- parent and child

    @Test
    @DisplayName("R22 R4 concurrent deletes of a project and of its model: the model ends in exactly one item")
    void parentAndChildDeletes() {
        for (int round = 0; round < 30; round++) {
            ResourceRef p = project(W1, "pc-" + round, 1);
            ResourceRef m = model(p, "pc-m-" + round, 10);
            ResourceRef w = child(WEIGHTS, m, "pc-w-" + round, 100);
            String at = "round " + round;

            List<Outcome> o = race(() -> trash.delete(W1, p, ALICE), () -> trash.delete(W1, m, ALICE));

            TrashItem projectItem = o.get(0).value(TrashItem.class);
            Optional<TrashItemId> modelMark = backend.find(m).orElseThrow().trashedBy();
            assertThat(backend.find(w).orElseThrow().trashedBy()).as(at + " weights follow their model")
                    .isEqualTo(modelMark);
            if (o.get(1).ok()) { // the model went first, on its own: the project's delete does not swallow it
                TrashItem modelItem = o.get(1).value(TrashItem.class);
                assertThat(modelMark).as(at).contains(modelItem.id());
                assertThat(projectItem.cascadedCount()).as(at).isZero();
                assertThat(projectItem.sizeBytes()).as(at).isEqualTo(1);
                assertThat(modelItem.cascadedCount()).as(at).isEqualTo(1);
            } else { // the project went first: the model is inside it and cannot be deleted on its own
                assertLost(o.get(1), at + " model delete", ConflictException.class);
                assertThat(modelMark).as(at).contains(projectItem.id());
                assertThat(projectItem.cascadedCount()).as(at).isEqualTo(2);
                assertThat(projectItem.sizeBytes()).as(at).isEqualTo(111);
            }
            // restoring the project brings back the model only if the model was inside its item
            trash.restore(W1, projectItem.id(), ALICE);
            assertThat(isActive(p)).isTrue();
            assertThat(isActive(m)).as(at).isEqualTo(!o.get(1).ok());
            assertThat(isActive(w)).as(at).isEqualTo(!o.get(1).ok());
        }
    }

    @Test
    @DisplayName("R22 R12 restoring a model while its project is being deleted: the model never comes back into a "
            + "trashed project")
    void restoreChildVersusDeleteParent() {
        for (int round = 0; round < 30; round++) {
            ResourceRef p = project(W1, "rc-" + round, 1);
            ResourceRef m = model(p, "rc-m-" + round, 10);
            ResourceRef w = child(WEIGHTS, m, "rc-w-" + round, 100);
            TrashItem modelItem = trash.delete(W1, m, ALICE);
            String at = "round " + round;

            List<Outcome> o = race(() -> trash.restore(W1, modelItem.id(), ALICE), () -> trash.delete(W1, p, ALICE));

            TrashItem projectItem = o.get(1).value(TrashItem.class);
            assertThat(isTrashed(p)).as(at).isTrue();
            assertThat(isActive(m)).as(at + ": a model active inside a trashed project").isFalse();
            Optional<TrashItemId> modelMark = backend.find(m).orElseThrow().trashedBy();
            assertThat(backend.find(w).orElseThrow().trashedBy()).as(at).isEqualTo(modelMark);
            if (o.get(0).ok()) { // restored first: the project's delete took the model along
                assertThat(modelMark).as(at).contains(projectItem.id());
                assertThat(projectItem.cascadedCount()).as(at).isEqualTo(2);
                assertThat(projectItem.sizeBytes()).as(at).isEqualTo(111);
                assertThat(store().find(W1, modelItem.id())).as(at).isEmpty();
            } else { // the project went first: the model stays in its own item
                assertLost(o.get(0), at + " restore", ParentInTrashException.class);
                assertThat(o.get(0).error()).hasMessage(
                        "Cannot restore model while its parent project is in trash. Restore the project first.");
                assertThat(modelMark).as(at).contains(modelItem.id());
                assertThat(projectItem.cascadedCount()).as(at).isZero();
                assertThat(trash.get(W1, modelItem.id())).as(at).isPresent();
            }
        }
    }

    @Test
    @DisplayName("R22 R11 a restore racing the host's create of a project with the same slug: both end active with "
            + "distinct slugs, or the create fails")
    void restoreVersusCreateSameSlug() {
        for (int round = 0; round < 30; round++) {
            String slug = "s-" + round;
            ResourceRef old = ResourceRef.of(PROJECT, "old-" + round);
            ResourceRef fresh = ResourceRef.of(PROJECT, "fresh-" + round);
            backend.add(HostResource.root(old, W1, "Old", slug, 1));
            TrashItem item = trash.delete(W1, old, ALICE);

            List<Outcome> o = race(() -> trash.restore(W1, item.id(), ALICE), () -> {
                backend.add(HostResource.root(fresh, W1, "Fresh", slug, 1));
                return fresh;
            });

            Restored restored = o.get(0).value(Restored.class);
            String at = "round " + round + " " + o;
            assertThat(isActive(old)).as(at).isTrue();
            assertThat(backend.find(old).orElseThrow().resource().slug()).as(at).isEqualTo(restored.slug());
            if (o.get(1).ok()) {
                assertThat(isActive(fresh)).as(at).isTrue();
                assertThat(restored.slug()).as(at + ": the restore yields the slug to the new project").contains(slug + "-2");
            } else {
                assertThat(backend.exists(fresh)).as(at).isFalse();
                assertThat(restored.slug()).as(at).contains(slug);
            }
        }
    }

    @Test
    @DisplayName("R22 R6 walking the Trash by cursor while other threads delete: every item that was there is seen "
            + "exactly once, in both orders")
    void pagingUnderConcurrentDeletes() {
        Set<TrashItemId> before = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            before.add(trash.delete(W1, dataset(W1, "page-" + i, 1), ALICE).id());
            clock.advance(Duration.ofSeconds(1));
        }
        List<ResourceRef> more = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            more.add(dataset(W1, "more-" + i, 1));
        }
        Callable<List<TrashItemId>> deleter = () -> {
            List<TrashItemId> made = new ArrayList<>();
            for (ResourceRef d : more) {
                made.add(trash.delete(W1, d, ALICE).id());
            }
            return made;
        };

        List<Outcome> o = race(walker(dev.trash.SortOrder.NEWEST_FIRST), walker(dev.trash.SortOrder.OLDEST_FIRST),
                deleter);

        @SuppressWarnings("unchecked")
        Set<TrashItemId> made = new HashSet<>((List<TrashItemId>) o.get(2).value(List.class));
        for (int w = 0; w < 2; w++) {
            @SuppressWarnings("unchecked")
            List<TrashItemId> seen = (List<TrashItemId>) o.get(w).value(List.class);
            assertThat(seen).as("walker " + w).doesNotHaveDuplicates().containsAll(before);
            assertThat(made).as("walker " + w + " saw only items that existed").containsAll(
                    seen.stream().filter(id -> !before.contains(id)).toList());
        }
    }

    /** Walks the whole Trash of W1 page by page (7 per page) in {@code order}. */
    private Callable<List<TrashItemId>> walker(dev.trash.SortOrder order) {
        return () -> {
            List<TrashItemId> seen = new ArrayList<>();
            TrashQuery query = TrashQuery.all().order(order).limit(7);
            for (int pages = 0; pages < 100; pages++) {
                dev.trash.Page<TrashItem> page = trash.list(W1, query);
                page.items().forEach(i -> seen.add(i.id()));
                if (page.nextCursor().isEmpty()) {
                    return seen;
                }
                query = query.after(page.nextCursor().get());
            }
            throw new AssertionError("more than 100 pages of 7 for at most 100 items");
        };
    }

    @Test
    @DisplayName("R22 R19 two sweepers with a hook that fails once per item: no item listed or restorable meanwhile, "
            + "every item retried and purged exactly once")
    void sweepersWithFailingHook() {
        Map<TrashItemId, AtomicInteger> calls = new ConcurrentHashMap<>();
        PurgeHook failsFirst = target -> {
            if (calls.computeIfAbsent(target.item(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new java.io.IOException("file store down for " + target.item());
            }
        };
        TrashManager first = builder().purgeHook(failsFirst).build();
        TrashManager second = builder().purgeHook(failsFirst).build();
        List<TrashItemId> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ResourceRef d = dataset(W1, "fail-" + i, 1);
            child(IMAGE, d, "fail-img-" + i, 2);
            items.add(trash.delete(W1, d, ALICE).id());
        }
        clock.advance(Duration.ofDays(31));
        TrashSweeper a = first.sweeper(SweeperOptions.defaults().batchSize(6));
        TrashSweeper b = second.sweeper(SweeperOptions.defaults().batchSize(9));

        List<Outcome> failing = race(a::sweepOnce, b::sweepOnce);

        Purged firstRound = failing.get(0).value(Purged.class).plus(failing.get(1).value(Purged.class));
        assertThat(firstRound).isEqualTo(new Purged(0, 0, 100));
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();
        assertThat(trash.storageSummary(W1).purgingItems()).isEqualTo(100);
        clock.set(clock.instant().minus(Duration.ofDays(2))); // even at a time before expiry, it stays out of the Trash
        assertThat(trash.get(W1, items.get(0))).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, items.get(0), ALICE)).isInstanceOf(ConflictException.class);
        clock.set(clock.instant().plus(Duration.ofDays(2)).plus(Duration.ofMinutes(2))); // past the first backoff

        List<Outcome> retrying = race(a::sweepOnce, b::sweepOnce);

        Purged secondRound = retrying.get(0).value(Purged.class).plus(retrying.get(1).value(Purged.class));
        assertThat(secondRound).isEqualTo(new Purged(100, 300, 0));
        for (TrashItemId id : items) {
            assertThat(backend.timesFreed(id)).as("freed " + id).isEqualTo(1);
            assertThat(calls.get(id).get()).as("hook calls for " + id).isEqualTo(2);
        }
        assertThat(backend.freedBytes(W1)).isEqualTo(300);
        assertThat(trash.storageSummary(W1)).isEqualTo(new StorageSummary(W1, 0, 0, Map.of(), 0, 0));
    }

    // ---------------------------------------------------------------- the store's conditional methods

    private static TrashRecord record(WorkspaceId ws, Instant deletedAt, Instant expiresAt) {
        TrashItemId id = TrashItemId.random();
        return new TrashRecord(id, ws, ResourceRef.of(PROJECT, "rec-" + id), "Record " + id, Optional.empty(),
                Optional.empty(), deletedAt, ALICE, expiresAt, 1, 0, Optional.empty());
    }

    private TrashStore store() {
        return backend.backend().store();
    }

    @Test
    @DisplayName("R22 R44 workers claiming due records concurrently, workspace by workspace as the sweeper does, take "
            + "disjoint records and together all the due ones")
    void concurrentClaimNext() {
        Instant now = START.plus(Duration.ofDays(40));
        Set<TrashItemId> due = new HashSet<>();
        List<WorkspaceId> workspaces = List.of(W1, W2, WorkspaceId.of("w3"));
        tx(() -> {
            for (int i = 0; i < 300; i++) {
                TrashRecord r = record(workspaces.get(i % 3), START, START.plus(Duration.ofDays(30)).plusSeconds(i));
                store().insert(r);
                due.add(r.id());
            }
            store().insert(record(W1, START, now.plusSeconds(1))); // not due
            return null;
        });

        List<Callable<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "worker-" + w;
            workers.add(() -> {
                List<TrashItemId> mine = new ArrayList<>();
                for (int round = 0; round < 1_000; round++) {
                    boolean claimedAny = false;
                    for (WorkspaceId ws : store().workspaces(States.due(now), 10)) {
                        List<TrashRecord> got = tx(() -> store().claimNext(ws, States.due(now),
                                States.claim(owner, now.plus(Duration.ofMinutes(10))), 3));
                        got.forEach(r -> {
                            assertThat(r.purge().orElseThrow().owner()).isEqualTo(owner);
                            assertThat(r.workspace()).isEqualTo(ws);
                            mine.add(r.id());
                        });
                        claimedAny |= !got.isEmpty();
                    }
                    if (!claimedAny) {
                        return mine;
                    }
                }
                throw new AssertionError(owner + " never ran out of due records");
            });
        }
        List<Outcome> o = race(workers);

        List<TrashItemId> all = new ArrayList<>();
        for (Outcome outcome : o) {
            @SuppressWarnings("unchecked")
            List<TrashItemId> mine = (List<TrashItemId>) outcome.value(List.class);
            all.addAll(mine);
        }
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
        assertThat(store().workspaces(States.due(now), 10)).isEmpty();
    }

    @Test
    @DisplayName("R22 R16 workers emptying one workspace with claimAny concurrently take disjoint records and together "
            + "all of its records in the Trash, none of another workspace")
    void concurrentClaimAny() {
        Instant now = START.plus(Duration.ofDays(1));
        Set<TrashItemId> inW1 = new HashSet<>();
        Set<TrashItemId> inW2 = new HashSet<>();
        tx(() -> {
            for (int i = 0; i < 200; i++) {
                TrashRecord r = record(i % 4 == 0 ? W2 : W1, START, START.plus(Duration.ofDays(30)).plusSeconds(i));
                store().insert(r);
                (r.workspace().equals(W1) ? inW1 : inW2).add(r.id());
            }
            return null;
        });

        List<Callable<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "empty-" + w;
            workers.add(() -> {
                List<TrashItemId> mine = new ArrayList<>();
                for (int batch = 0; batch < 1_000; batch++) {
                    List<TrashRecord> got = tx(() -> store().claimAny(W1, States.inTrash(),
                            States.claim(owner, now.plus(Duration.ofMinutes(10))), 4));
                    if (got.isEmpty()) {
                        return mine;
                    }
                    got.forEach(r -> mine.add(r.id()));
                }
                throw new AssertionError(owner + " never ran out of records");
            });
        }
        List<Outcome> o = race(workers);

        List<TrashItemId> all = new ArrayList<>();
        for (Outcome outcome : o) {
            @SuppressWarnings("unchecked")
            List<TrashItemId> mine = (List<TrashItemId>) outcome.value(List.class);
            all.addAll(mine);
        }
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inW1);
        for (TrashItemId id : inW2) {
            assertThat(store().find(W2, id).orElseThrow().purge()).as("W2's " + id).isEmpty();
        }
    }

    @Test
    @DisplayName("R22 a conditional remove (restore) racing claim and removeAll (purge) on one record: exactly one succeeds")
    void removeVersusClaim() {
        Instant now = START.plus(Duration.ofDays(1));
        for (int round = 0; round < 50; round++) {
            TrashRecord r = record(W1, START, START.plus(Duration.ofDays(30)));
            tx(() -> {
                store().insert(r);
                return null;
            });
            String owner = "purger-" + round;

            List<Outcome> o = race(
                    () -> tx(() -> store().remove(W1, r.id(), States.listed(now))),
                    () -> tx(() -> {
                        List<TrashRecord> got = store().claim(W1, List.of(r.id()), States.claimable(now),
                                States.claim(owner, now.plus(Duration.ofMinutes(10))));
                        return got.isEmpty() ? Set.of() : store().removeAll(W1, List.of(r.id()), States.ownedBy(owner));
                    }));

            boolean restored = o.get(0).value(Boolean.class);
            Set<?> purged = o.get(1).value(Set.class);
            assertThat(restored ^ purged.equals(Set.of(r.id())))
                    .as("round " + round + ": exactly one of restore " + restored + " and purge " + purged).isTrue();
            assertThat(store().find(W1, r.id())).isEmpty();
        }
    }
}
