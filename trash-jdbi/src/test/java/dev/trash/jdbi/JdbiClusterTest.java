package dev.trash.jdbi;

import static dev.trash.testkit.Races.assertLost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.NotFoundException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import dev.trash.spi.Condition;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeTarget;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashRecord;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.States;
import dev.trash.testkit.TrashFixture;
import dev.trash.testkit.Races;
import dev.trash.testkit.Races.Outcome;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC R22 across application instances on a real PostgreSQL 17 and a real MariaDB 11.4 (both
 * embedded): each instance is a separate {@link TrashManager} with its own HikariCP pool
 * ({@link ClusterNode}) on one shared schema (MariaDB: database), as several JVMs of a host would be. Proves that sweepers of different instances purge a large backlog
 * exactly once and miss nothing, that a restore racing a manual purge and a sweeper ends restored
 * XOR purged, and that the items of a sweeper killed after (or during) its claim are taken over
 * after the lease (or at once). Outcomes are asserted, never timings; the figures are printed.
 * Runs on the plain host tables and on the sharding-ready ones (SPEC R44: keys led by the workspace).
 */
@Tag("heavy")
@DisplayName("Cluster: instances with their own pools sharing one database")
@ParameterizedClass(name = "{0}, host tables: {1}")
@MethodSource("databasesAndLayouts")
class JdbiClusterTest {
    private static final Instant START = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final Duration RETENTION = TrashManager.DEFAULT_RETENTION;
    private static final ActorId ALICE = ActorId.of("alice");
    /** The longest a racing task may take (generous: 2 shared cores, another build running). */
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> TABLES = List.of(ReferenceTypes.ANNOTATION, ReferenceTypes.IMAGE,
            ReferenceTypes.DATASET, ReferenceTypes.EXPORT, ReferenceTypes.TRAINING_RUN, ReferenceTypes.WEIGHTS,
            ReferenceTypes.MODEL, ReferenceTypes.PROJECT);

    /** The database of this run: PostgreSQL or MariaDB, the servers a cluster shares. */
    @Parameter(0)
    TestDatabase database;

    /** How the host tables are keyed in this run. */
    @Parameter(1)
    ReferenceSchema.Layout layout;

    static Stream<Arguments> databasesAndLayouts() {
        List<Arguments> all = new ArrayList<>();
        for (TestDatabase d : List.of(TestDatabase.POSTGRESQL, TestDatabase.MARIADB)) {
            for (ReferenceSchema.Layout l : ReferenceSchema.Layout.values()) {
                all.add(Arguments.of(d, l));
            }
        }
        return all.stream();
    }

    private String schema;
    private HikariDataSource hostPool;
    /** The host's own SQL (seeding, inspection), on its own connection. */
    private Jdbi host;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private ExecutorService threads;
    private final CountingHook hook = new CountingHook();
    /** Purged events per item, from every instance's listener. */
    private final Map<TrashItemId, AtomicInteger> purgedEvents = new ConcurrentHashMap<>();
    /** PurgeFailed events from every instance's listener. */
    private final AtomicInteger purgeFailedEvents = new AtomicInteger();

    @BeforeEach
    void setUp() {
        schema = database.newNamespace();
        ClusterNode.createTables(database, schema, layout);
        hostPool = database.pool(schema, 2);
        host = Jdbi.create(hostPool);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cluster-race");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("race threads ended").isTrue();
        nodes.forEach(ClusterNode::close);
        if (hostPool != null) {
            hostPool.close();
        }
        database.drop(schema);
    }

    // ---------------------------------------------------------------- harness

    /** Counts purge-hook calls per item (thread-safe; shared by the instances of a test). */
    private static final class CountingHook implements PurgeHook {
        final Map<TrashItemId, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<TrashItemId, ResourceRef> roots = new ConcurrentHashMap<>();

        @Override
        public void purge(PurgeTarget target) {
            calls.computeIfAbsent(target.item(), k -> new AtomicInteger()).incrementAndGet();
            roots.put(target.item(), target.root());
        }

        int of(TrashItemId id) {
            AtomicInteger n = calls.get(id);
            return n == null ? 0 : n.get();
        }
    }

    private ClusterNode node(String name, Clock clock) {
        ClusterNode node = ClusterNode.start(name, database, schema, 2, clock, hook, event -> {
            if (event instanceof TrashEvent.Purged p) {
                purgedEvents.computeIfAbsent(p.item(), k -> new AtomicInteger()).incrementAndGet();
            } else if (event instanceof TrashEvent.PurgeFailed) {
                purgeFailedEvents.incrementAndGet();
            }
        });
        nodes.add(node);
        return node;
    }

    private List<Outcome> race(List<Callable<?>> tasks) {
        return Races.race(threads, TIMEOUT, tasks);
    }

    private List<Outcome> race(Callable<?>... tasks) {
        return race(List.of(tasks));
    }

    /** Busy-waits {@code micros}: a jitter that lets either side of a race go first. */
    private static void spin(long micros) {
        long until = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private long count(String sql) {
        return host.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** @return rows left in the reference tables, per table with rows */
    private Map<String, Long> hostRowsLeft() {
        Map<String, Long> left = new LinkedHashMap<>();
        for (String table : TABLES) {
            long n = count("SELECT COUNT(*) FROM " + table);
            if (n > 0) {
                left.put(table, n);
            }
        }
        return left;
    }

    /** @return how often the ledger was told each item was freed */
    private Map<TrashItemId, Long> ledger() {
        return host.withHandle(h -> h.createQuery("SELECT item, COUNT(*) AS n FROM test_ledger GROUP BY item")
                .map((rs, ctx) -> Map.entry(new TrashItemId(rs.getObject("item", UUID.class)), rs.getLong("n")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private int timesFreed(TrashItemId item) {
        return host.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM test_ledger WHERE item = :item")
                .bind("item", item.value()).mapTo(Integer.class).one());
    }

    /** @return every row of {@code trash_item}, as the store reads it */
    private List<TrashRecord> trashItems() {
        return host.withHandle(h -> h.createQuery("SELECT * FROM trash_item")
                .map((rs, ctx) -> JdbiTrashStore.record(rs, database.database().dialect())).list());
    }

    /** @return the trash item that marks the resource (empty: active); absent if the row is gone */
    private Optional<Optional<UUID>> mark(ResourceRef ref) {
        return host.withHandle(h -> h.createQuery("SELECT trash_item FROM " + ref.type() + " WHERE id = :id")
                .bind("id", ref.id())
                .map((rs, ctx) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .findOne());
    }

    /** @return every item listed in the workspace's Trash by {@code trash}, through all pages */
    private static Set<TrashItemId> listed(TrashManager trash, WorkspaceId ws) {
        return new HashSet<>(TrashFixture.allPages(trash, ws, TrashQuery.all().limit(TrashQuery.MAX_LIMIT)));
    }

    private static WorkspaceId ws(int i) {
        return WorkspaceId.of("cw-" + i % 4);
    }

    /** What a seeded item looks like apart from ids, names and times; must match what the library makes. */
    private record Shape(String rootType, long bytes, long cascaded, Optional<String> parentType, boolean slug,
                         Duration retention, boolean purging) {
        static Shape of(TrashRecord r) {
            return new Shape(r.root().type(), r.sizeBytes(), r.cascadedCount(), r.parent().map(p -> p.ref().type()),
                    r.slug().isPresent(), Duration.between(r.deletedAt(), r.expiresAt()), r.purge().isPresent());
        }
    }

    // ---------------------------------------------------------------- 1. cluster sweep

    @Test
    @DisplayName("R22 R17 R18 R20 four sweepers of four instances (own pools) purge 20,200 expired items with children "
            + "exactly once: no duplicate, no miss, one hook call and one ledger entry per item")
    void clusterSweep() {
        ManualClock clock = ManualClock.at(START);
        List<ClusterNode> instances = List.of(node("node-0", clock), node("node-1", clock), node("node-2", clock),
                node("node-3", clock));

        // Seed: 12,000 datasets (2 images + 2 annotations each) and 4,000 projects each holding a model trashed on its
        // own (R4) and a cascaded one, in one go by bulk SQL: 20,000 items, 80,000 host rows...
        long seedStart = System.nanoTime();
        host.useTransaction(h -> {
            ClusterSeed.datasets(h, database.database(), "c", 12_000, true, START.minus(Duration.ofHours(1)), 600, RETENTION);
            ClusterSeed.nestedProjects(h, database.database(), "c", 4_000, true, START.minus(Duration.ofHours(1)), 600, RETENTION);
            ClusterSeed.datasets(h, database.database(), "api", 100, false, START, 1, RETENTION);
            ClusterSeed.nestedProjects(h, database.database(), "api", 50, false, START, 1, RETENTION);
        });
        // ... and 200 more items deleted by the library itself, through the four instances.
        for (int i = 0; i < 100; i++) {
            instances.get(i % 4).trash.delete(ws(i), ResourceRef.of(ReferenceTypes.DATASET, "api-d-" + i), ALICE);
        }
        for (int i = 0; i < 50; i++) {
            TrashManager trash = instances.get(i % 4).trash;
            trash.delete(ws(i), ResourceRef.of(ReferenceTypes.MODEL, "api-m-" + i + "-0"), ALICE);
            trash.delete(ws(i), ResourceRef.of(ReferenceTypes.PROJECT, "api-p-" + i), ALICE);
        }
        long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
        // As a host does after a bulk import: without fresh statistics, InnoDB takes the just-filled tables for
        // nearly empty ones and scans them in the purge's DELETEs, and a scanning DELETE at REPEATABLE READ locks
        // every row it reads: the four sweepers then deadlock all the time (40 deadlocks in one run, against 0 to 2
        // after ANALYZE TABLE; see trash-jdbi's README, "Several application instances").
        String tables = String.join(", ", TABLES) + ", trash_item";
        host.useHandle(h -> h.execute(database == TestDatabase.MARIADB ? "ANALYZE TABLE " + tables : "ANALYZE " + tables));

        List<TrashRecord> records = trashItems();
        Map<TrashItemId, TrashRecord> expected = new HashMap<>();
        records.forEach(r -> expected.put(r.id(), r));
        assertThat(expected).hasSize(20_200);
        Set<Shape> seededShapes = records.stream().filter(r -> !r.root().id().startsWith("api-")).map(Shape::of)
                .collect(Collectors.toSet());
        Set<Shape> libraryShapes = records.stream().filter(r -> r.root().id().startsWith("api-")).map(Shape::of)
                .collect(Collectors.toSet());
        assertThat(seededShapes).as("seeded items look like the library's own").isEqualTo(libraryShapes).hasSize(3);
        long rows = 0;
        long active = 0;
        for (String table : TABLES) {
            rows += count("SELECT COUNT(*) FROM " + table);
            active += count("SELECT COUNT(*) FROM " + table + " WHERE trash_item IS NULL");
        }
        assertThat(rows).as("host rows").isEqualTo(12_100L * 5 + 4_050L * 5);
        assertThat(active).as("active host rows").isZero();
        long expectedBytes = expected.values().stream().mapToLong(TrashRecord::sizeBytes).sum();
        assertThat(expectedBytes).isEqualTo(12_100 * ClusterSeed.DATASET_BYTES
                + 4_050 * (ClusterSeed.MODEL_BYTES + ClusterSeed.PROJECT_BYTES));

        clock.set(START.plus(RETENTION).plus(Duration.ofDays(1)));
        int[] batchSizes = {100, 125, 150, 200};
        List<TrashSweeper> sweepers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweepers.add(instances.get(i).sweeper(SweeperOptions.defaults().batchSize(batchSizes[i])));
        }

        // Race the four sweepers; a project whose own-trashed model another sweeper held meanwhile is released with a
        // backoff (R18, R19): move the clock past it and race again until the Trash is empty.
        long[] perSweeper = new long[4];
        long bytes = 0;
        long releasedForRetry = 0;
        int rounds = 0;
        List<List<Long>> afterRound = new ArrayList<>(); // per round: released for retry, due, left, waiting projects
        long sweepStart = System.nanoTime();
        while (true) {
            rounds++;
            List<Outcome> o = race(sweepers.stream().<Callable<?>>map(s -> s::sweepOnce).toList());
            long retrying = 0;
            for (int i = 0; i < 4; i++) {
                Purged p = o.get(i).value(Purged.class);
                perSweeper[i] += p.items();
                bytes += p.bytes();
                retrying += p.retrying();
            }
            releasedForRetry += retrying;
            // No sweeper stopped while an item was still due: all that is left are projects released for a retry
            // because a model inside them was held by another sweeper at that moment (checked below).
            Instant now = clock.instant();
            afterRound.add(List.of(retrying,
                    host.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM trash_item WHERE due_at <= :now")
                            .bind("now", database.database().dialect().time(now)).mapTo(Long.class).one()),
                    count("SELECT COUNT(*) FROM trash_item"),
                    // handed back for waiting, which is no failure: no attempt counted
                    count("SELECT COUNT(*) FROM trash_item WHERE root_type = 'project' AND purge_owner IS NOT NULL"
                            + " AND attempts = 0 AND last_error IS NULL")));
            if (retrying == 0 || rounds == 10) {
                break;
            }
            clock.advance(Duration.ofMinutes(2));
        }
        long sweepMillis = (System.nanoTime() - sweepStart) / 1_000_000;

        Map<TrashItemId, Long> freed = ledger();
        Set<TrashItemId> duplicates = new HashSet<>();
        Set<TrashItemId> misses = new HashSet<>();
        for (TrashItemId id : expected.keySet()) {
            long n = freed.getOrDefault(id, 0L);
            int calls = hook.of(id);
            int events = Optional.ofNullable(purgedEvents.get(id)).map(AtomicInteger::get).orElse(0);
            if (n > 1 || calls > 1 || events > 1) {
                duplicates.add(id);
            }
            if (n == 0 || calls == 0 || events == 0) {
                misses.add(id);
            }
        }
        long purged = perSweeper[0] + perSweeper[1] + perSweeper[2] + perSweeper[3];
        System.out.printf("CLUSTER SWEEP (%s, host tables %s): items=%d sweepers=4 (4 TrashManager instances, own HikariCP "
                        + "pools) duplicates=%d misses=%d hookCalls=%d ledgerRows=%d sweepTime=%dms rounds=%d "
                        + "releasedForRetry=%d perSweeper(batch %s)=%s seedTime=%dms%n",
                database.label(), layout, expected.size(), duplicates.size(), misses.size(),
                hook.calls.values().stream().mapToInt(AtomicInteger::get).sum(), count("SELECT COUNT(*) FROM test_ledger"),
                sweepMillis, rounds, releasedForRetry, Arrays.toString(batchSizes),
                Arrays.toString(perSweeper), seedMillis);

        for (int r = 0; r < afterRound.size(); r++) {
            List<Long> a = afterRound.get(r);
            assertThat(a.get(1)).as("items still due after round " + (r + 1)).isZero();
            assertThat(a.get(2)).as("items left after round " + (r + 1) + " = projects released for a retry")
                    .isEqualTo(a.get(0)).isEqualTo(a.get(3));
        }
        assertThat(afterRound.get(afterRound.size() - 1).get(2)).as("items left after the last round").isZero();
        assertThat(duplicates).as("items purged (ledger, hook or event) more than once").isEmpty();
        assertThat(misses).as("items never purged").isEmpty();
        assertThat(freed.keySet()).as("ledger entries are exactly the items").isEqualTo(expected.keySet());
        assertThat(count("SELECT COUNT(*) FROM test_ledger")).isEqualTo(expected.size());
        assertThat(count("SELECT COALESCE(SUM(bytes), 0) FROM test_ledger")).isEqualTo(expectedBytes);
        assertThat(hook.calls.keySet()).as("hooked items").isEqualTo(expected.keySet());
        assertThat(hook.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        expected.forEach((id, r) -> assertThat(hook.roots.get(id)).as("hook root of " + id).isEqualTo(r.root()));
        assertThat(purgedEvents.keySet()).isEqualTo(expected.keySet());
        assertThat(purgeFailedEvents).as("no hook failed: waiting for a model another sweeper held is no failure")
                .hasValue(0);
        assertThat(purged).as("items the sweepers report").isEqualTo(expected.size());
        assertThat(bytes).as("bytes the sweepers report").isEqualTo(expectedBytes);
        assertThat(count("SELECT COUNT(*) FROM trash_item")).as("items left in trash_item").isZero();
        assertThat(hostRowsLeft()).as("host rows left").isEmpty();
        assertThat(Arrays.stream(perSweeper).filter(n -> n > 0).count())
                .as("sweepers that purged something (they ran concurrently): " + Arrays.toString(perSweeper))
                .isGreaterThanOrEqualTo(2);
        for (TrashSweeper s : sweepers) {
            assertThat(s.sweepOnce()).isEqualTo(Purged.NONE);
        }
    }

    // ---------------------------------------------------------------- 2. restore vs purge vs sweep

    @Test
    @DisplayName("R22 R9 R10 R15 R20 240 races of restore (instance clock before expiry), manual purge and a sweeper "
            + "(another instance, clock after expiry): each item ends restored XOR purged, never half")
    void restoreVersusPurgeVersusSweep() {
        ManualClock restoreClock = ManualClock.at(START);
        ManualClock sweeperClock = ManualClock.at(START);
        ClusterNode restorer = node("restorer", restoreClock);
        ClusterNode purger = node("purger", restoreClock);
        TrashSweeper sweeper = node("sweeper", sweeperClock).sweeper(SweeperOptions.defaults().batchSize(10));
        Map<String, Integer> wins = new LinkedHashMap<>(Map.of("restore", 0, "purge", 0, "sweep", 0));
        Random random = new Random(20_260_301L);
        int roundCount = 240;

        for (int round = 0; round < roundCount; round++) {
            String at = "round " + round;
            WorkspaceId ws = ws(round);
            List<ResourceRef> rows = new ArrayList<>();
            ResourceRef root;
            long bytes;
            if (round % 2 == 0) { // a dataset with 2 images and an annotation
                String d = "r-d-" + round;
                root = ResourceRef.of(ReferenceTypes.DATASET, d);
                host.useTransaction(h -> {
                    h.execute("INSERT INTO dataset (id, workspace_id, name, slug, size_bytes) VALUES (?, ?, ?, ?, 1)",
                            d, ws.value(), "Dataset " + d, d);
                    h.execute("INSERT INTO image (id, workspace_id, dataset_id, name, size_bytes) VALUES (?, ?, ?, 'i', 2),"
                            + " (?, ?, ?, 'i', 2)", d + "-i0", ws.value(), d, d + "-i1", ws.value(), d);
                    h.execute("INSERT INTO annotation (id, workspace_id, dataset_id, name, size_bytes)"
                            + " VALUES (?, ?, ?, 'a', 4)", d + "-a0", ws.value(), d);
                });
                rows.addAll(List.of(root, ResourceRef.of(ReferenceTypes.IMAGE, d + "-i0"),
                        ResourceRef.of(ReferenceTypes.IMAGE, d + "-i1"), ResourceRef.of(ReferenceTypes.ANNOTATION, d + "-a0")));
                bytes = 9;
            } else { // a project with a model and its weights
                String p = "r-p-" + round;
                root = ResourceRef.of(ReferenceTypes.PROJECT, p);
                host.useTransaction(h -> {
                    h.execute("INSERT INTO project (id, workspace_id, name, slug, size_bytes) VALUES (?, ?, ?, ?, 1)",
                            p, ws.value(), "Project " + p, p);
                    h.execute("INSERT INTO model (id, workspace_id, project_id, name, slug, size_bytes)"
                            + " VALUES (?, ?, ?, 'Model', 'm', 10)", p + "-m", ws.value(), p);
                    h.execute("INSERT INTO weights (id, workspace_id, model_id, name, size_bytes)"
                            + " VALUES (?, ?, ?, 'w', 100)", p + "-w", ws.value(), p + "-m");
                });
                rows.addAll(List.of(root, ResourceRef.of(ReferenceTypes.MODEL, p + "-m"),
                        ResourceRef.of(ReferenceTypes.WEIGHTS, p + "-w")));
                bytes = 111;
            }
            restoreClock.set(START.plus(Duration.ofMinutes(round)));
            TrashItem item = restorer.trash.delete(ws, root, ALICE);
            // The restoring and purging instances are one second before expiry (restorable), the sweeper's instance
            // one second after (expired; a skew far below a lease): all three may act at once.
            restoreClock.set(item.expiresAt().minusSeconds(1));
            sweeperClock.set(item.expiresAt().plusSeconds(1));
            long[] jitter = {random.nextInt(1_500), random.nextInt(1_500), random.nextInt(1_500)};

            List<Outcome> o = race(
                    () -> {
                        spin(jitter[0]);
                        return restorer.trash.restore(ws, item.id(), ALICE);
                    },
                    () -> {
                        spin(jitter[1]);
                        return purger.trash.purge(ws, item.id(), ALICE);
                    },
                    () -> {
                        spin(jitter[2]);
                        return sweeper.sweepOnce();
                    });

            Purged expected = new Purged(1, bytes, 0);
            boolean restored = o.get(0).ok();
            boolean purgedByHand = o.get(1).ok();
            Purged swept = o.get(2).value(Purged.class);
            assertThat(swept).as(at + " sweep result").isIn(Purged.NONE, expected);
            if (purgedByHand) {
                assertThat(o.get(1).value(Purged.class)).as(at + " purge result").isEqualTo(expected);
            }
            assertThat((restored ? 1 : 0) + (purgedByHand ? 1 : 0) + swept.items())
                    .as(at + ": exactly one winner, outcomes " + o).isEqualTo(1);
            assertThat(restorer.adapter.store().find(ws, item.id())).as(at + " trash_item row").isEmpty();
            int events = Optional.ofNullable(purgedEvents.get(item.id())).map(AtomicInteger::get).orElse(0);
            if (restored) {
                wins.merge("restore", 1, Integer::sum);
                assertThat(o.get(0).value(Restored.class).restoredCount()).as(at).isEqualTo(rows.size());
                assertLost(o.get(1), at + " purge", NotFoundException.class, ConflictException.class);
                for (ResourceRef ref : rows) {
                    assertThat(mark(ref)).as(at + ": " + ref + " restored and active").contains(Optional.empty());
                }
                assertThat(timesFreed(item.id())).as(at + " ledger never told").isZero();
                assertThat(hook.of(item.id())).as(at + " hook never called").isZero();
                assertThat(events).as(at + " purged events").isZero();
            } else {
                wins.merge(purgedByHand ? "purge" : "sweep", 1, Integer::sum);
                assertLost(o.get(0), at + " restore", ConflictException.class, NotFoundException.class);
                if (!purgedByHand) {
                    assertLost(o.get(1), at + " purge", ConflictException.class, NotFoundException.class);
                }
                for (ResourceRef ref : rows) {
                    assertThat(mark(ref)).as(at + ": " + ref + " purged").isEmpty();
                }
                assertThat(timesFreed(item.id())).as(at + " ledger told once").isEqualTo(1);
                assertThat(hook.of(item.id())).as(at + " hook called once").isEqualTo(1);
                assertThat(events).as(at + " purged events").isEqualTo(1);
            }
        }
        System.out.printf("RESTORE VS PURGE VS SWEEP (%s, host tables %s, 3 instances): rounds=%d restored=%d "
                + "purgedManually=%d swept=%d halfStates=0%n", database.label(), layout, roundCount, wins.get("restore"), wins.get("purge"),
                wins.get("sweep"));
        assertThat(wins.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(roundCount);
        assertThat(wins.get("restore")).as("restore won some races: " + wins).isPositive();
        assertThat(wins.get("purge") + wins.get("sweep")).as("a purge won some races: " + wins).isPositive();
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
        assertThat(count("SELECT COUNT(*) FROM test_ledger")).isEqualTo(roundCount - wins.get("restore"));
    }

    // ---------------------------------------------------------------- 3. killed sweepers

    @Test
    @DisplayName("R22 R19 R18 a sweeper killed after its claim committed: its items are not listed, restorable or "
            + "purged by others until its lease ends, then another instance purges each exactly once")
    void leaseTakeoverAfterKilledSweeper() {
        Instant deletedAt = START.minus(Duration.ofHours(1));
        host.useTransaction(h -> {
            ClusterSeed.nestedProjects(h, database.database(), "k", 40, true, deletedAt, 1, RETENTION);
            ClusterSeed.datasets(h, database.database(), "k", 100, true, deletedAt, 1, RETENTION);
        });
        // Models and datasets expire at E - 1 s, projects (deleted a second later) at E.
        Instant e = deletedAt.plusSeconds(1).plus(RETENTION);
        Map<TrashItemId, TrashRecord> all = new HashMap<>();
        trashItems().forEach(r -> all.put(r.id(), r));
        assertThat(all).hasSize(180);
        Set<TrashItemId> projects = new HashSet<>();
        all.values().stream().filter(r -> r.root().type().equals(ReferenceTypes.PROJECT)).forEach(r -> projects.add(r.id()));

        // An instance whose clock is a day before expiry sees every item listed (the baseline of the check below).
        ClusterNode viewer = node("viewer", Clock.fixed(e.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        Set<TrashItemId> listedBefore = new HashSet<>();
        for (int w = 0; w < 4; w++) {
            listedBefore.addAll(listed(viewer.trash, ws(w)));
        }
        assertThat(listedBefore).isEqualTo(all.keySet());

        // The doomed sweeper: its own pool, claims the 140 oldest due items (models and datasets), commits, dies.
        Duration lease = Duration.ofMinutes(10);
        Instant deadLease = e.plus(lease);
        PurgeChange dead = States.claim("sweeper-killed", deadLease);
        List<TrashRecord> claimed = new ArrayList<>();
        try (HikariDataSource doomedPool = database.pool(schema, 1)) {
            JdbiTrash doomed = JdbiTrash.create(Jdbi.create(doomedPool), ReferenceSchema.tables());
            // As a sweeper does: the workspaces with due items (unlocked), then a claim inside each.
            Condition due = States.due(e.minusSeconds(1));
            for (WorkspaceId ws : doomed.store().workspaces(due, 100)) {
                claimed.addAll(doomed.inTransaction(() -> doomed.store().claimNext(ws, due, dead, 1_000)));
            }
        } // the pool closes: the connection is dropped, nothing purged
        Set<TrashItemId> held = claimed.stream().map(TrashRecord::id).collect(Collectors.toSet());
        assertThat(held).hasSize(140).doesNotContainAnyElementsOf(projects);
        assertThat(count("SELECT COUNT(*) FROM trash_item WHERE purge_owner = 'sweeper-killed'")).isEqualTo(140);

        // Held items are neither listed nor restorable, even for an instance whose clock says they are not expired.
        Set<TrashItemId> listedAfter = new HashSet<>();
        for (int w = 0; w < 4; w++) {
            listedAfter.addAll(listed(viewer.trash, ws(w)));
        }
        assertThat(listedAfter).as("listed while held").isEqualTo(projects);
        for (TrashItemId id : held) {
            TrashRecord r = all.get(id);
            assertThatThrownBy(() -> viewer.trash.restore(r.workspace(), id, ALICE)).as("restore of held " + id)
                    .isInstanceOf(ConflictException.class);
            assertThat(viewer.trash.get(r.workspace(), id)).isEmpty();
        }

        ManualClock clock = ManualClock.at(e.plus(Duration.ofMinutes(5)));
        ClusterNode survivor = node("survivor", clock);
        TrashSweeper sweeper = survivor.sweeper(SweeperOptions.defaults().backoff(Duration.ofMinutes(1),
                Duration.ofMinutes(1)));
        TrashRecord heldDataset = claimed.stream().filter(r -> r.root().type().equals(ReferenceTypes.DATASET))
                .findFirst().orElseThrow();

        // Within the lease: the other instance purges none of the held items. Each project is due but holds a model
        // the dead sweeper claimed: the project is released for a retry, not purged without its model (R18).
        for (Instant now : List.of(e.plus(Duration.ofMinutes(5)), deadLease.minusNanos(1_000))) {
            clock.set(now);
            assertThat(sweeper.sweepOnce()).as("sweep at " + now).isEqualTo(new Purged(0, 0, 40));
            assertThatThrownBy(() -> survivor.trash.purge(heldDataset.workspace(), heldDataset.id(), ALICE))
                    .as("manual purge of a held item at " + now).isInstanceOf(ConflictException.class);
            for (int w = 0; w < 4; w++) {
                assertThat(survivor.trash.emptyTrash(ws(w), ALICE)).as("Empty Trash at " + now).isEqualTo(Purged.NONE);
            }
            assertThat(count("SELECT COUNT(*) FROM trash_item WHERE purge_owner = 'sweeper-killed'")).isEqualTo(140);
            assertThat(count("SELECT COUNT(*) FROM trash_item")).isEqualTo(180);
            assertThat(count("SELECT COUNT(*) FROM test_ledger")).isZero();
            assertThat(hook.calls).as("hook calls within the lease").isEmpty();
            assertThat(count("SELECT COUNT(*) FROM dataset") + count("SELECT COUNT(*) FROM image")
                    + count("SELECT COUNT(*) FROM model") + count("SELECT COUNT(*) FROM weights")).isEqualTo(100 + 200 + 80 + 80);
        }

        // After the lease (and the projects' backoff): everything is taken over and purged exactly once.
        clock.set(deadLease.plus(Duration.ofMinutes(2)));
        long bytes = all.values().stream().mapToLong(TrashRecord::sizeBytes).sum();
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(180, bytes, 0));
        assertThat(ledger()).as("ledger").hasSize(180).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        assertThat(ledger().keySet()).isEqualTo(all.keySet());
        assertThat(hook.calls.keySet()).isEqualTo(all.keySet());
        assertThat(hook.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
        assertThat(hostRowsLeft()).as("host rows left").isEmpty();
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
    }

    @Test
    @DisplayName("R22 a sweeper killed inside its claim transaction (backend terminated before commit): the claim rolls "
            + "back, the rows it locked are skipped meanwhile, and another instance purges them at once, exactly once")
    void sweeperKilledInsideClaimTransaction() throws Exception {
        Instant deletedAt = START.minus(Duration.ofHours(1));
        host.useTransaction(h -> {
            ClusterSeed.nestedProjects(h, database.database(), "x", 20, true, deletedAt, 1, RETENTION);
            ClusterSeed.datasets(h, database.database(), "x", 100, true, deletedAt, 1, RETENTION);
        });
        Map<TrashItemId, TrashRecord> all = new HashMap<>();
        trashItems().forEach(r -> all.put(r.id(), r));
        assertThat(all).hasSize(140);
        Instant now = deletedAt.plus(RETENTION).plus(Duration.ofDays(1));
        ManualClock clock = ManualClock.at(now);
        ClusterNode survivor = node("survivor", clock);
        TrashSweeper sweeper = survivor.sweeper(SweeperOptions.defaults());

        PurgeChange doomedClaim = States.claim("sweeper-doomed", now.plus(Duration.ofMinutes(10)));
        List<Integer> claimedCount = new ArrayList<>();
        List<Purged> sweptWhileLocked = new ArrayList<>();
        List<Boolean> terminated = new ArrayList<>();
        try (HikariDataSource doomedPool = database.pool(schema, 1)) {
            Jdbi doomedJdbi = Jdbi.create(doomedPool);
            JdbiTrash doomed = JdbiTrash.create(doomedJdbi, ReferenceSchema.tables());
            assertThatThrownBy(() -> doomedJdbi.useTransaction(h -> {
                int claimedHere = 0;
                for (int w = 0; w < 4; w++) { // joins this transaction
                    claimedHere += doomed.store().claimNext(ws(w), States.due(now), doomedClaim, 1_000).size();
                }
                claimedCount.add(claimedHere);
                int pid = h.createQuery(database == TestDatabase.MARIADB ? "SELECT CONNECTION_ID()"
                        : "SELECT pg_backend_pid()").mapTo(Integer.class).one();
                // While the claim is in flight, another instance skips the locked rows instead of waiting.
                sweptWhileLocked.add(threads.submit(sweeper::sweepOnce).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                // The doomed instance dies before it commits: its backend is terminated from another session.
                if (database == TestDatabase.MARIADB) {
                    MariadbBackend.execute("KILL " + pid);
                    terminated.add(true);
                } else {
                    terminated.add(host.withHandle(other -> other.createQuery("SELECT pg_terminate_backend(:pid, 10000)")
                            .bind("pid", pid).mapTo(Boolean.class).one()));
                }
            })).as("the doomed transaction cannot commit").satisfies(failure -> assertThat(causes(failure))
                    .anySatisfy(c -> assertThat(c).isInstanceOf(SQLException.class)));
        }
        assertThat(claimedCount).containsExactly(140);
        assertThat(terminated).containsExactly(true);
        assertThat(sweptWhileLocked).containsExactly(Purged.NONE);
        assertThat(count("SELECT COUNT(*) FROM trash_item WHERE purge_owner IS NULL")).as("claim rolled back")
                .isEqualTo(140);

        // Same clock, no lease to wait for: another instance purges every item, once.
        long bytes = all.values().stream().mapToLong(TrashRecord::sizeBytes).sum();
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(140, bytes, 0));
        assertThat(ledger()).hasSize(140).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        assertThat(ledger().keySet()).isEqualTo(all.keySet());
        assertThat(hook.calls.keySet()).isEqualTo(all.keySet());
        assertThat(hook.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
        assertThat(hostRowsLeft()).as("host rows left").isEmpty();
    }

    @Test
    @DisplayName("R22 R19 R20 a sweeper that stalls in its hooks past its lease (alive, not dead): another instance "
            + "takes the items over and purges them; the stalled one's late delete is refused, bytes freed once")
    void stalledSweeperLosesItsLease() throws Exception {
        Instant deletedAt = START.minus(Duration.ofHours(1));
        host.useTransaction(h -> {
            ClusterSeed.nestedProjects(h, database.database(), "s", 5, true, deletedAt, 1, RETENTION);
            ClusterSeed.datasets(h, database.database(), "s", 20, true, deletedAt, 1, RETENTION);
        });
        Map<TrashItemId, TrashRecord> all = new HashMap<>();
        trashItems().forEach(r -> all.put(r.id(), r));
        assertThat(all).hasSize(30);
        long bytes = all.values().stream().mapToLong(TrashRecord::sizeBytes).sum();
        Instant now = deletedAt.plus(RETENTION).plus(Duration.ofDays(1));
        ManualClock clock = ManualClock.at(now);

        // The slow instance's hook counts, and its first call blocks until the test lets it go.
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CountingHook slowCalls = new CountingHook();
        PurgeHook slowHook = target -> {
            slowCalls.purge(target);
            inHook.countDown();
            if (!letGo.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let the stalled hook go");
            }
        };
        ClusterNode slow = ClusterNode.start("slow", database, schema, 2, clock, slowHook, event -> { });
        nodes.add(slow);
        ClusterNode other = node("other", clock);
        Duration lease = Duration.ofMinutes(10);
        TrashSweeper stalled = slow.sweeper(SweeperOptions.defaults().batchSize(1_000).lease(lease));
        TrashSweeper taker = other.sweeper(SweeperOptions.defaults().batchSize(7).lease(lease));

        Future<Purged> stalledRun = threads.submit(stalled::sweepOnce);
        assertThat(inHook.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the slow sweeper reached its hook").isTrue();
        // The sweeper claims one workspace at a time (R44): it holds the due items of the workspace it took first.
        Set<TrashItemId> held = host.withHandle(h -> h.createQuery("SELECT id FROM trash_item WHERE purge_owner LIKE 'sweeper-%'")
                .mapTo(UUID.class).map(TrashItemId::new).set());
        assertThat(held).as("claimed").isNotEmpty().hasSizeLessThan(30);
        assertThat(held.stream().map(id -> all.get(id).workspace()).distinct()).as("claimed in one workspace").hasSize(1);
        WorkspaceId heldWorkspace = all.get(held.iterator().next()).workspace();
        assertThat(held).as("every due item of that workspace").isEqualTo(all.values().stream()
                .filter(r -> r.workspace().equals(heldWorkspace)).map(TrashRecord::id).collect(Collectors.toSet()));
        long heldBytes = held.stream().mapToLong(id -> all.get(id).sizeBytes()).sum();
        assertThat(taker.sweepOnce()).as("within the lease: every other workspace")
                .isEqualTo(new Purged(30 - held.size(), bytes - heldBytes, 0));
        assertThat(hook.calls.keySet()).doesNotContainAnyElementsOf(held);

        clock.advance(lease.plusSeconds(1));
        assertThat(taker.sweepOnce()).as("after the lease: the held ones").isEqualTo(new Purged(held.size(), heldBytes, 0));
        letGo.countDown();
        assertThat(stalledRun.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the stalled sweeper's late result")
                .isEqualTo(Purged.NONE);

        assertThat(ledger()).hasSize(30).allSatisfy((id, n) -> assertThat(n).as("ledger of " + id).isEqualTo(1L));
        assertThat(ledger().keySet()).isEqualTo(all.keySet());
        assertThat(hook.calls.keySet()).as("the taker hooked every item").isEqualTo(all.keySet());
        assertThat(hook.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // Hooks are idempotent by contract (R19): the stalled sweeper, once it goes on, may still run them for the
        // rest of its batch before its delete finds the items no longer its own; nothing else of it takes effect.
        assertThat(slowCalls.calls.keySet()).as("the stalled sweeper's hook calls").isSubsetOf(held).isNotEmpty();
        assertThat(purgedEvents.keySet()).isEqualTo(all.keySet());
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
        assertThat(hostRowsLeft()).as("host rows left").isEmpty();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
