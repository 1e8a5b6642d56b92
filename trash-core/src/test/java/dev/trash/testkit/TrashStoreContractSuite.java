package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trash.ActorId;
import dev.trash.Hold;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.Condition.Op;
import dev.trash.spi.HostResource;
import dev.trash.spi.ItemTree;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemField;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.Marked;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.PurgeState;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TypeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract: what every {@link TrashStore}, {@link HostResources} and
 * {@link dev.trash.spi.TrashTransactions} must do, tested on the ports directly (no manager), so
 * that an adapter's bug shows up here with the port method's name rather than as a broken rule
 * in the behaviour suite. Writes run inside {@code inTransaction}, as the manager calls them, and
 * the store is handed the very conditions and changes core hands it ({@link States}). Every port
 * method is checked to stay inside the workspace it names (SPEC R21, R44). A backend runs it by
 * extending this class and implementing {@link #newBackend}.
 */
public abstract class TrashStoreContractSuite extends TrashFixture {
    /** The time the store is asked about in most tests: microsecond precision, as stores keep it. */
    private static final Instant NOW = START.plus(Duration.ofDays(3));
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final WorkspaceId W3 = WorkspaceId.of("w3");

    private static final TypeLink PROJECT_MODEL = new TypeLink(PROJECT, MODEL);
    private static final TypeLink MODEL_WEIGHTS = new TypeLink(MODEL, WEIGHTS);
    private static final TypeLink DATASET_IMAGE = new TypeLink(DATASET, IMAGE);
    private static final TypeLink DATASET_ANNOTATION = new TypeLink(DATASET, ANNOTATION);

    // ---------------------------------------------------------------- helpers

    private TrashStore store() {
        return backend.backend().store();
    }

    private HostResources resources() {
        return backend.backend().resources();
    }

    /** Runs {@code work} in one transaction of the backend. */
    private <T> T tx(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    private void txRun(Runnable work) {
        tx(() -> {
            work.run();
            return null;
        });
    }

    /** A record of a root of {@code type}, deleted at {@code deletedAt}, in the Trash until {@code expiresAt}. */
    private static TrashRecord record(TrashItemId id, WorkspaceId ws, String type, Instant deletedAt,
                                      Instant expiresAt, long size) {
        String rootId = type + "-" + id;
        return new TrashRecord(id, ws, ResourceRef.of(type, rootId), "Name of " + rootId,
                Optional.of("slug-" + id.value()), Optional.empty(), deletedAt, ALICE, expiresAt, size, 0,
                Optional.empty());
    }

    private static TrashRecord record(WorkspaceId ws, String type, Instant deletedAt, Instant expiresAt, long size) {
        return record(TrashItemId.random(), ws, type, deletedAt, expiresAt, size);
    }

    /** A project record of W1 deleted at {@code deletedAt} with the default retention. */
    private static TrashRecord deletedAt(Instant deletedAt) {
        return record(W1, PROJECT, deletedAt, deletedAt.plus(RETENTION), 1);
    }

    /** A project record of {@code ws}, listed at {@link #NOW}. */
    private static TrashRecord listed(WorkspaceId ws, long size) {
        return record(ws, PROJECT, START, START.plus(RETENTION), size);
    }

    /** A project record of {@code ws}, expired at {@link #NOW} (deleted before it, expiring {@code before} it). */
    private static TrashRecord expired(WorkspaceId ws, Duration before) {
        Instant expiresAt = NOW.minus(before);
        return record(ws, PROJECT, expiresAt.minus(RETENTION), expiresAt, 1);
    }

    private static TrashRecord expired(Duration before) {
        return expired(W1, before);
    }

    private TrashRecord insert(TrashRecord record) {
        txRun(() -> store().insert(record));
        return record;
    }

    /** The change of a claim by {@code owner} at {@code now}: held until {@code now + LEASE}. */
    private static PurgeChange claim(String owner, Instant now) {
        return States.claim(owner, now.plus(LEASE));
    }

    /** Inserts {@code record} and lets {@code owner} claim it at {@code at}: it is then being purged, held until {@code at + LEASE}. */
    private TrashRecord insertClaimed(TrashRecord record, String owner, Instant at) {
        insert(record);
        List<TrashRecord> got = tx(() -> store().claim(record.workspace(), List.of(record.id()), States.claimable(at),
                claim(owner, at)));
        assertThat(got).as("claim of a fresh record").extracting(TrashRecord::id).containsExactly(record.id());
        return got.get(0);
    }

    /** Inserts {@code record}, claims it and records a failure: claimable by anyone from {@code availableAt}. */
    private TrashRecord insertReleased(TrashRecord record, Instant availableAt, String error) {
        insertClaimed(record, "failed-worker", NOW.minus(Duration.ofHours(1)));
        int changed = tx(() -> store().update(record.workspace(), List.of(record.id()), States.ownedBy("failed-worker"),
                States.failed("failed-worker", availableAt, 1, error)));
        assertThat(changed).as("release of a claimed record").isEqualTo(1);
        return store().find(record.workspace(), record.id()).orElseThrow();
    }

    private List<TrashItemId> list(WorkspaceId ws, Set<String> types, SortOrder order, Optional<Keyset> after,
                                   int limit, Instant now) {
        return where(ws, types, order, after, limit, States.listed(now));
    }

    private List<TrashItemId> where(WorkspaceId ws, Set<String> types, SortOrder order, Optional<Keyset> after,
                                    int limit, Condition where) {
        return store().list(ws, new ListRequest(types, order, after, limit, where)).stream().map(TrashRecord::id).toList();
    }

    /** @return the ids of W1's records matching {@code where}, oldest first */
    private List<TrashItemId> where(Condition where) {
        return where(W1, Set.of(), SortOrder.OLDEST_FIRST, Optional.empty(), 1_000, where);
    }

    private List<TrashItemId> list(SortOrder order, Optional<Keyset> after) {
        return list(W1, Set.of(), order, after, 100, NOW);
    }

    private static List<TrashItemId> ids(TrashRecord... records) {
        return java.util.Arrays.stream(records).map(TrashRecord::id).toList();
    }

    private static List<TrashItemId> ids(List<TrashRecord> records) {
        return records.stream().map(TrashRecord::id).toList();
    }

    private static TrashItemId id(String uuid) {
        return new TrashItemId(UUID.fromString(uuid));
    }

    private static TrashRecord named(TrashRecord r, String name) {
        return new TrashRecord(r.id(), r.workspace(), r.root(), name, r.slug(), r.parent(), r.deletedAt(), r.deletedBy(),
                r.expiresAt(), r.sizeBytes(), r.cascadedCount(), r.purge());
    }

    private static int unsigned(TrashItemId a, TrashItemId b) {
        int c = Long.compareUnsigned(a.value().getMostSignificantBits(), b.value().getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.value().getLeastSignificantBits(), b.value().getLeastSignificantBits());
    }

    private static Keyset keyset(TrashRecord r) {
        return new Keyset(r.deletedAt(), r.id());
    }

    private WorkspaceId workspaceOf(ResourceRef ref) {
        return backend.find(ref).orElseThrow(() -> new AssertionError(ref + " does not exist")).resource().workspace();
    }

    private Optional<TrashItemId> markOf(ResourceRef ref) {
        return backend.find(ref).orElseThrow(() -> new AssertionError(ref + " does not exist")).trashedBy();
    }

    /** The root each item the suite marked was marked on, for the {@link ItemTree}s the port takes. */
    private final Map<TrashItemId, ResourceRef> roots = new java.util.concurrent.ConcurrentHashMap<>();

    /** Marks {@code ref} with {@code item} through the port, remembering it as the item's root. */
    private boolean markRoot(WorkspaceId ws, ResourceRef ref, TrashItemId item) {
        boolean marked = resources().mark(ws, ref, item);
        if (marked) {
            roots.putIfAbsent(item, ref);
        }
        return marked;
    }

    /** @return the tree of an item the suite marked; of one it did not, a tree whose root does not exist */
    private ItemTree tree(TrashItemId item) {
        return new ItemTree(item, roots.getOrDefault(item, ResourceRef.of(PROJECT, "no-such-root")));
    }

    private List<ItemTree> trees(TrashItemId... items) {
        return java.util.Arrays.stream(items).map(this::tree).toList();
    }

    /** Marks {@code root} with a new item and cascades along {@code links}, in one transaction, in the root's workspace. */
    private TrashItemId trashWith(ResourceRef root, TypeLink... links) {
        TrashItemId item = TrashItemId.random();
        WorkspaceId ws = workspaceOf(root);
        txRun(() -> {
            assertThat(markRoot(ws, root, item)).as("mark " + root).isTrue();
            for (TypeLink link : links) {
                resources().markChildren(ws, link, tree(item));
            }
        });
        return item;
    }

    /**
     * Adds a child whose workspace differs from its parent's, or ends the test as not applicable if
     * the backend refuses such host data at the source (e.g. a foreign key on (workspace, parent)).
     */
    private void addAcrossWorkspaces(HostResource child) {
        Throwable refused = catchThrowable(() -> backend.add(child));
        Assumptions.assumeTrue(refused == null,
                () -> "the backend refuses a child in another workspace than its parent: " + refused);
    }

    // ================================================================ TrashStore: insert / find

    @Nested
    @DisplayName("TrashStore insert and find")
    class InsertFind {
        @Test
        @DisplayName("find returns exactly the record inserted, every field kept (times to the microsecond)")
        void roundTrip() {
            TrashRecord model = new TrashRecord(TrashItemId.random(), W1, ResourceRef.of(MODEL, "m-1"), "Model m-1",
                    Optional.empty(), Optional.of(new ParentInfo(ResourceRef.of(PROJECT, "p-1"), "Project p-1")),
                    START, ALICE, START.plus(RETENTION), 123_456_789_012L, 42, Optional.empty());
            TrashRecord project = record(W1, PROJECT, START.plusNanos(1_000), START.plus(Duration.ofDays(7)), 0);
            insert(model);
            insert(project);

            assertThat(store().find(W1, model.id())).contains(model);
            assertThat(store().find(W1, project.id())).contains(project);
        }

        @Test
        @DisplayName("R21 R44 find with another workspace, or an unknown id, is empty")
        void isolation() {
            TrashRecord r = insert(listed(W1, 10));

            assertThat(store().find(W2, r.id())).isEmpty();
            assertThat(store().find(W1, TrashItemId.random())).isEmpty();
            assertThat(store().find(W1, r.id())).contains(r);
        }

        @Test
        @DisplayName("find still returns a record that is expired or being purged, with its purge state")
        void findsAnyState() {
            TrashRecord old = insert(expired(Duration.ofDays(1)));
            TrashRecord claimed = insertClaimed(listed(W1, 5), "worker-1", NOW);
            TrashRecord failed = insertReleased(listed(W1, 6), NOW.plusSeconds(5), "file store down");

            assertThat(store().find(W1, old.id())).contains(old);
            assertThat(store().find(W1, claimed.id())).contains(claimed);
            assertThat(claimed.purge()).contains(new PurgeState("worker-1", NOW.plus(LEASE), 0, Optional.empty()));
            assertThat(failed.purge())
                    .contains(new PurgeState("failed-worker", NOW.plusSeconds(5), 1, Optional.of("file store down")));
        }
    }

    // ================================================================ TrashStore: conditions

    @Nested
    @DisplayName("TrashStore evaluates the conditions it is given")
    class Conditions {
        /**
         * Six records of W1 covering every purge state: listed, expiring exactly at NOW, expired,
         * claimed (lease until NOW + LEASE), failed once (available at NOW - 1s) and failed three
         * times (available at NOW + 1h); and one of W2 that no condition on W1 may ever return.
         */
        private Map<String, TrashRecord> states() {
            Map<String, TrashRecord> r = new LinkedHashMap<>();
            r.put("listed", insert(record(W1, PROJECT, START, NOW.plus(Duration.ofDays(1)), 1)));
            r.put("atExpiry", insert(record(W1, PROJECT, START.plusSeconds(1), NOW, 1)));
            r.put("expired", insert(record(W1, PROJECT, START.plusSeconds(2), NOW.minus(Duration.ofDays(1)), 1)));
            r.put("claimed", insertClaimed(record(W1, MODEL, START.plusSeconds(3), NOW.plus(Duration.ofDays(1)), 1),
                    "worker", NOW));
            r.put("failedOnce", insertReleased(record(W1, DATASET, START.plusSeconds(4), NOW.plus(Duration.ofDays(2)), 1),
                    NOW.minusSeconds(1), "boom"));
            TrashRecord thrice = insertReleased(record(W1, DATASET, START.plusSeconds(5), NOW.minus(Duration.ofDays(2)), 1),
                    NOW.minusSeconds(1), "boom");
            txRun(() -> store().update(W1, List.of(thrice.id()), States.ownedBy("failed-worker"),
                    States.failed("failed-worker", NOW.plus(Duration.ofHours(1)), 3, "still down")));
            r.put("failedThrice", store().find(W1, thrice.id()).orElseThrow());
            insert(record(W2, PROJECT, START, NOW.plus(Duration.ofDays(1)), 1));
            return r;
        }

        private List<TrashItemId> expected(Map<String, TrashRecord> all, String... names) {
            return java.util.Arrays.stream(names).map(n -> all.get(n).id()).toList();
        }

        @Test
        @DisplayName("the conditions core uses: in the Trash, listed, expired, due, claimable, owned by")
        void coreConditions() {
            Map<String, TrashRecord> s = states();

            assertThat(where(States.inTrash())).containsExactlyElementsOf(expected(s, "listed", "atExpiry", "expired"));
            assertThat(where(States.listed(NOW))).containsExactlyElementsOf(expected(s, "listed"));
            assertThat(where(States.listed(NOW.minus(MICRO)))).containsExactlyElementsOf(expected(s, "listed", "atExpiry"));
            assertThat(where(States.expired(NOW)))
                    .containsExactlyElementsOf(expected(s, "atExpiry", "expired", "failedThrice"));
            assertThat(where(States.due(NOW))).as("DUE_AT is the expiry in the Trash, availableAt once claimed")
                    .containsExactlyElementsOf(expected(s, "atExpiry", "expired", "failedOnce"));
            assertThat(where(States.due(NOW.plus(LEASE))))
                    .containsExactlyElementsOf(expected(s, "atExpiry", "expired", "claimed", "failedOnce"));
            assertThat(where(States.due(NOW.plus(LEASE).minus(MICRO))))
                    .containsExactlyElementsOf(expected(s, "atExpiry", "expired", "failedOnce"));
            assertThat(where(States.claimable(NOW)))
                    .containsExactlyElementsOf(expected(s, "listed", "atExpiry", "expired", "failedOnce"));
            assertThat(where(States.ownedBy("worker"))).containsExactlyElementsOf(expected(s, "claimed"));
            assertThat(where(States.ownedBy("failed-worker")))
                    .containsExactlyElementsOf(expected(s, "failedOnce", "failedThrice"));
            assertThat(where(States.ownedBy("nobody"))).isEmpty();
        }

        @Test
        @DisplayName("every field with every operator, as Condition.test defines it (a null field matches no comparison)")
        void everyFieldAndOperator() {
            Map<String, TrashRecord> s = states();
            Map<ItemField, List<Comparable<?>>> values = new LinkedHashMap<>();
            values.put(ItemField.EXPIRES_AT, List.of(NOW.minus(MICRO), NOW, NOW.plus(MICRO), NOW.plus(Duration.ofDays(1))));
            values.put(ItemField.DUE_AT, List.of(NOW.minusSeconds(1), NOW, NOW.plus(LEASE), NOW.plus(Duration.ofHours(1))));
            values.put(ItemField.AVAILABLE_AT, List.of(NOW.minusSeconds(1), NOW, NOW.plus(LEASE), Instant.parse("9999-01-01T00:00:00Z")));
            values.put(ItemField.PURGE_OWNER, List.of("worker", "failed-worker", "a", "zzz"));
            values.put(ItemField.ATTEMPTS, List.of(0, 1, 2, 3));
            int checked = 0;
            for (Map.Entry<ItemField, List<Comparable<?>>> e : values.entrySet()) {
                for (Op op : Op.values()) {
                    for (Comparable<?> value : e.getValue()) {
                        Condition c = Condition.compare(e.getKey(), op, value);
                        List<TrashItemId> oracle = s.values().stream().filter(c::test).map(TrashRecord::id).toList();
                        assertThat(where(c)).as("%s %s %s", e.getKey(), op, value).containsExactlyElementsOf(oracle);
                        checked++;
                    }
                }
            }
            assertThat(checked).isEqualTo(5 * 5 * 4);
            // a few answers written out, so that the oracle itself is held to the contract
            assertThat(where(Condition.compare(ItemField.ATTEMPTS, Op.EQ, 0)))
                    .containsExactlyElementsOf(expected(s, "listed", "atExpiry", "expired", "claimed"));
            assertThat(where(Condition.compare(ItemField.ATTEMPTS, Op.GE, 1)))
                    .containsExactlyElementsOf(expected(s, "failedOnce", "failedThrice"));
            assertThat(where(Condition.compare(ItemField.AVAILABLE_AT, Op.LT, Instant.parse("9999-01-01T00:00:00Z"))))
                    .as("records in the Trash have no availableAt").containsExactlyElementsOf(
                            expected(s, "claimed", "failedOnce", "failedThrice"));
            assertThat(where(Condition.compare(ItemField.PURGE_OWNER, Op.GT, "a")))
                    .containsExactlyElementsOf(expected(s, "claimed", "failedOnce", "failedThrice"));
            assertThat(where(Condition.compare(ItemField.EXPIRES_AT, Op.EQ, NOW))).containsExactlyElementsOf(expected(s, "atExpiry"));
        }

        @Test
        @DisplayName("null tests, and conjunctions and disjunctions at any depth (an empty All holds, an empty Any does not)")
        void nullAllAny() {
            Map<String, TrashRecord> s = states();
            List<TrashItemId> all = expected(s, "listed", "atExpiry", "expired", "claimed", "failedOnce", "failedThrice");

            assertThat(where(Condition.isNull(ItemField.AVAILABLE_AT))).containsExactlyElementsOf(expected(s, "listed", "atExpiry", "expired"));
            assertThat(where(Condition.notNull(ItemField.PURGE_OWNER)))
                    .containsExactlyElementsOf(expected(s, "claimed", "failedOnce", "failedThrice"));
            assertThat(where(Condition.isNull(ItemField.EXPIRES_AT))).isEmpty();
            assertThat(where(Condition.notNull(ItemField.DUE_AT))).containsExactlyElementsOf(all);
            assertThat(where(Condition.all())).containsExactlyElementsOf(all);
            assertThat(where(Condition.any())).isEmpty();
            assertThat(where(Condition.all(Condition.any()))).isEmpty();
            assertThat(where(Condition.any(Condition.all()))).containsExactlyElementsOf(all);
            Condition nested = Condition.any(
                    Condition.all(States.inTrash(), Condition.compare(ItemField.EXPIRES_AT, Op.LT, NOW)),
                    Condition.all(Condition.notNull(ItemField.PURGE_OWNER),
                            Condition.any(Condition.compare(ItemField.ATTEMPTS, Op.GT, 2),
                                    Condition.compare(ItemField.PURGE_OWNER, Op.EQ, "worker"))));
            assertThat(where(nested)).containsExactlyElementsOf(expected(s, "expired", "claimed", "failedThrice"));
        }
    }

    // ================================================================ TrashStore: list

    @Nested
    @DisplayName("TrashStore list")
    class Listing {
        @Test
        @DisplayName("with core's 'listed': not purging, expiring strictly after now")
        void onlyRestorable() {
            TrashRecord listed = insert(listed(W1, 1));
            TrashRecord expiresNextMicro = insert(record(W1, PROJECT, START, NOW.plusNanos(1_000), 1));
            insert(record(W1, PROJECT, START, NOW, 1)); // expires exactly now: gone
            insert(expired(Duration.ofDays(1)));
            insertClaimed(listed(W1, 1), "worker", NOW);
            insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            insert(listed(W2, 1));

            assertThat(list(W1, Set.of(), SortOrder.OLDEST_FIRST, Optional.empty(), 100, NOW))
                    .containsExactlyInAnyOrder(listed.id(), expiresNextMicro.id());
            assertThat(list(W1, Set.of(), SortOrder.OLDEST_FIRST, Optional.empty(), 100, NOW.plusNanos(1_000)))
                    .containsExactly(listed.id());
        }

        @Test
        @DisplayName("R21 R44 another workspace's records are never listed, whatever the condition")
        void isolation() {
            insert(listed(W1, 1));
            insertClaimed(expired(W1, Duration.ofDays(1)), "w", NOW);
            TrashRecord other = insert(listed(W2, 1));

            assertThat(list(W2, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW)).containsExactly(other.id());
            assertThat(where(W2, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, Condition.all()))
                    .containsExactly(other.id());
            assertThat(list(W3, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW)).isEmpty();
            assertThat(where(W3, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, Condition.all())).isEmpty();
        }

        /** Five records deleted at one instant whose ids order differently signed and unsigned, and two around them. */
        private List<TrashRecord> ties() {
            Instant t = START.plusSeconds(10);
            List<TrashRecord> inOrder = new ArrayList<>();
            inOrder.add(insert(deletedAt(t.minusNanos(1_000))));
            // Ascending in unsigned (= lowercase text) order; java.util.UUID#compareTo orders them otherwise.
            for (String uuid : List.of("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-8000-000000000000",
                    "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-fffffffffffe")) {
                inOrder.add(record(id(uuid), W1, PROJECT, t, t.plus(RETENTION), 1));
            }
            // insert the tied ones in a scrambled order
            for (int i : new int[] {4, 2, 5, 1, 3}) {
                insert(inOrder.get(i));
            }
            inOrder.add(insert(deletedAt(t.plusNanos(1_000))));
            return inOrder;
        }

        @Test
        @DisplayName("orders by (deletedAt, id) oldest first, ties broken by id as unsigned UUID (its text order)")
        void oldestFirst() {
            List<TrashRecord> expected = ties();
            assertThat(list(SortOrder.OLDEST_FIRST, Optional.empty())).containsExactlyElementsOf(ids(expected));
        }

        @Test
        @DisplayName("orders by (deletedAt, id) newest first, ties broken by id as unsigned UUID descending")
        void newestFirst() {
            List<TrashRecord> expected = new ArrayList<>(ties());
            java.util.Collections.reverse(expected);
            assertThat(list(SortOrder.NEWEST_FIRST, Optional.empty())).containsExactlyElementsOf(ids(expected));
        }

        @Test
        @DisplayName("continues strictly after the keyset, inside a tie on deletedAt, in both orders")
        void keysetInsideTie() {
            List<TrashRecord> all = ties();
            Keyset middle = keyset(all.get(3)); // 7fffffff-...

            assertThat(list(SortOrder.OLDEST_FIRST, Optional.of(middle)))
                    .containsExactlyElementsOf(ids(all.subList(4, 7)));
            List<TrashRecord> before = new ArrayList<>(all.subList(0, 3));
            java.util.Collections.reverse(before);
            assertThat(list(SortOrder.NEWEST_FIRST, Optional.of(middle))).containsExactlyElementsOf(ids(before));
        }

        @Test
        @DisplayName("a keyset whose record is gone still positions the page by (deletedAt, id)")
        void keysetOfMissingRecord() {
            List<TrashRecord> all = ties();
            // between 00000000-0000-0000-8000-000000000000 and 7fffffff-... in unsigned order
            Keyset gone = new Keyset(all.get(2).deletedAt(), id("00000000-0000-0001-0000-000000000000"));

            assertThat(list(SortOrder.OLDEST_FIRST, Optional.of(gone))).containsExactlyElementsOf(ids(all.subList(3, 7)));
            assertThat(list(SortOrder.NEWEST_FIRST, Optional.of(gone)))
                    .containsExactly(all.get(2).id(), all.get(1).id(), all.get(0).id());
            assertThat(list(SortOrder.NEWEST_FIRST, Optional.of(keyset(all.get(0))))).isEmpty();
            assertThat(list(SortOrder.OLDEST_FIRST, Optional.of(keyset(all.get(6))))).isEmpty();
        }

        @Test
        @DisplayName("walking pages of 2 by keyset visits every record once, in order, in both orders")
        void pageWalk() {
            List<TrashRecord> all = ties();
            for (SortOrder order : List.of(SortOrder.NEWEST_FIRST, SortOrder.OLDEST_FIRST)) {
                List<TrashItemId> seen = new ArrayList<>();
                Optional<Keyset> after = Optional.empty();
                for (int pages = 0; pages < 10; pages++) {
                    List<TrashRecord> page = store().list(W1, new ListRequest(Set.of(), order, after, 2, States.listed(NOW)));
                    assertThat(page.size()).as("page size").isLessThanOrEqualTo(2);
                    if (page.isEmpty()) {
                        break;
                    }
                    seen.addAll(ids(page));
                    after = Optional.of(keyset(page.get(page.size() - 1)));
                }
                List<TrashItemId> expected = new ArrayList<>(ids(all));
                if (order == SortOrder.NEWEST_FIRST) {
                    java.util.Collections.reverse(expected);
                }
                assertThat(seen).as(order.name()).containsExactlyElementsOf(expected);
            }
        }

        @Test
        @DisplayName("R38 walking pages of 2 in every order (expiry, size, name, both ways) visits every record once, sorted by the value then the id, both one way")
        void pageWalkEveryOrder() {
            Instant t = START.plusSeconds(10);
            List<TrashRecord> all = new ArrayList<>();
            String[] names = {"alpha", "Beta", "beta", "gamma", "ALPHA", "delta"};
            String[] uuids = {"00000000-0000-0000-0000-000000000001", "00000000-0000-0000-8000-000000000000",
                    "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-fffffffffffe", "ffffffff-ffff-ffff-ffff-ffffffffffff"};
            for (int i = 0; i < names.length; i++) {
                TrashRecord r = record(id(uuids[i]), W1, PROJECT, t.plusSeconds(i % 2), t.plus(RETENTION).plusSeconds(i % 3),
                        i % 2 == 0 ? 5 : 7);
                all.add(insert(new TrashRecord(r.id(), r.workspace(), r.root(), names[i], r.slug(), r.parent(),
                        r.deletedAt(), r.deletedBy(), r.expiresAt(), r.sizeBytes(), 0, Optional.empty())));
            }
            for (SortOrder order : SortOrder.values()) {
                List<TrashItemId> seen = new ArrayList<>();
                Optional<Keyset> after = Optional.empty();
                for (int pages = 0; pages < 10; pages++) {
                    List<TrashRecord> page = store().list(W1, new ListRequest(Set.of(), order, after, 2, States.listed(NOW)));
                    if (page.isEmpty()) {
                        break;
                    }
                    seen.addAll(ids(page));
                    TrashRecord last = page.get(page.size() - 1);
                    after = Optional.of(new Keyset(ListRequest.sortValue(order, last), last.id()));
                }
                List<TrashRecord> expected = new ArrayList<>(all);
                @SuppressWarnings({"unchecked", "rawtypes"})
                java.util.Comparator<TrashRecord> up = (a, b) -> {
                    int c = ((Comparable) ListRequest.sortValue(order, a)).compareTo(ListRequest.sortValue(order, b));
                    return c != 0 ? c : unsigned(a.id(), b.id());
                };
                expected.sort(order.ascending() ? up : up.reversed());
                assertThat(seen).as(order.name()).containsExactlyElementsOf(ids(expected));
            }
        }

        @Test
        @DisplayName("R38 filters: name contains (ignoring case, LIKE characters taken literally), deleted by, deleted between, size")
        void filters() {
            TrashRecord a = insert(named(record(W1, PROJECT, START, START.plus(RETENTION), 10), "Quarterly Report 100%"));
            TrashRecord b = insert(named(record(W1, MODEL, START.plusSeconds(5), START.plus(RETENTION), 20), "report_draft"));
            TrashRecord c = insert(named(record(W1, DATASET, START.plusSeconds(9), START.plus(RETENTION), 30), "Résumé ÉTÉ"));
            insert(named(record(W2, PROJECT, START, START.plus(RETENTION), 10), "report"));
            assertThat(where(Condition.contains(ItemField.NAME, "REPORT"))).containsExactly(a.id(), b.id());
            assertThat(where(Condition.contains(ItemField.NAME, "0%"))).containsExactly(a.id());
            assertThat(where(Condition.contains(ItemField.NAME, "t_d"))).containsExactly(b.id());
            assertThat(where(Condition.contains(ItemField.NAME, "%"))).containsExactly(a.id());
            assertThat(where(Condition.contains(ItemField.NAME, "_"))).containsExactly(b.id());
            assertThat(where(Condition.contains(ItemField.NAME, "été"))).containsExactly(c.id());
            assertThat(where(Condition.compare(ItemField.DELETED_BY, Condition.Op.EQ, ALICE.value()))).hasSize(3);
            assertThat(where(Condition.compare(ItemField.DELETED_BY, Condition.Op.EQ, "bob"))).isEmpty();
            assertThat(where(Condition.all(Condition.compare(ItemField.DELETED_AT, Condition.Op.GE, START.plusSeconds(5)),
                    Condition.compare(ItemField.DELETED_AT, Condition.Op.LT, START.plusSeconds(9))))).containsExactly(b.id());
            assertThat(where(Condition.compare(ItemField.SIZE, Condition.Op.GE, 20L))).containsExactly(b.id(), c.id());
        }

        @Test
        @DisplayName("filters by one root type, by several, and by none")
        void typeFilter() {
            TrashRecord p = insert(record(W1, PROJECT, START, START.plus(RETENTION), 1));
            TrashRecord m = insert(record(W1, MODEL, START.plusSeconds(1), START.plus(RETENTION), 1));
            TrashRecord d = insert(record(W1, DATASET, START.plusSeconds(2), START.plus(RETENTION), 1));
            TrashRecord p2 = insert(record(W1, PROJECT, START.plusSeconds(3), START.plus(RETENTION), 1));
            insert(record(W2, MODEL, START, START.plus(RETENTION), 1));

            assertThat(list(W1, Set.of(MODEL), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW))
                    .containsExactly(m.id());
            assertThat(list(W1, Set.of(PROJECT), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW))
                    .containsExactly(p2.id(), p.id());
            assertThat(list(W1, Set.of(PROJECT, DATASET), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW))
                    .containsExactly(p2.id(), d.id(), p.id());
            assertThat(list(W1, Set.of(PROJECT, DATASET), SortOrder.OLDEST_FIRST, Optional.of(keyset(p)), 100, NOW))
                    .containsExactly(d.id(), p2.id());
            assertThat(list(W1, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW))
                    .containsExactly(p2.id(), d.id(), m.id(), p.id());
            assertThat(list(W1, Set.of(IMAGE), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW)).isEmpty();
        }

        @Test
        @DisplayName("returns at most limit records, the first ones in order, skipping those that do not match")
        void limit() {
            List<TrashRecord> rs = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                rs.add(insert(deletedAt(START.plusSeconds(i))));
                insert(record(W1, PROJECT, START.plusSeconds(i), NOW, 1)); // expired, interleaved
            }

            assertThat(list(W1, Set.of(), SortOrder.OLDEST_FIRST, Optional.empty(), 3, NOW))
                    .containsExactlyElementsOf(ids(rs.subList(0, 3)));
            assertThat(list(W1, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 1, NOW))
                    .containsExactly(rs.get(6).id());
            assertThat(list(W1, Set.of(PROJECT), SortOrder.NEWEST_FIRST, Optional.empty(), 2, NOW))
                    .containsExactly(rs.get(6).id(), rs.get(5).id());
        }
    }

    // ================================================================ TrashStore: remove / removeAll

    @Nested
    @DisplayName("TrashStore remove and removeAll")
    class Removing {
        @Test
        @DisplayName("remove (restore) removes a restorable record once; a second call is false")
        void removesOnce() {
            TrashRecord r = insert(listed(W1, 1));

            assertThat(tx(() -> store().remove(W1, r.id(), States.listed(NOW)))).isTrue();
            assertThat(store().find(W1, r.id())).isEmpty();
            assertThat(tx(() -> store().remove(W1, r.id(), States.listed(NOW)))).isFalse();
        }

        @Test
        @DisplayName("R21 R44 remove is false and changes nothing when the record does not match (expired, also exactly "
                + "at expiresAt, claimed, released), is of another workspace, or is missing")
        void conditional() {
            TrashRecord expired = insert(expired(Duration.ofSeconds(1)));
            TrashRecord atExpiry = insert(record(W1, PROJECT, START, NOW, 1));
            TrashRecord claimed = insertClaimed(listed(W1, 1), "worker", NOW);
            TrashRecord released = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord other = insert(listed(W2, 1));

            for (TrashRecord r : List.of(expired, atExpiry, claimed, released)) {
                assertThat(tx(() -> store().remove(W1, r.id(), States.listed(NOW)))).as(r.toString()).isFalse();
                assertThat(store().find(W1, r.id())).contains(r);
            }
            assertThat(tx(() -> store().remove(W1, other.id(), States.listed(NOW)))).isFalse();
            assertThat(tx(() -> store().remove(W1, other.id(), Condition.all()))).as("even if it matches").isFalse();
            assertThat(store().find(W2, other.id())).contains(other);
            assertThat(tx(() -> store().remove(W1, TrashItemId.random(), Condition.all()))).isFalse();
        }

        @Test
        @DisplayName("remove uses the condition as given: one microsecond before expiry it is restorable; a claimed "
                + "record is removed by a condition that matches it")
        void usesTheCondition() {
            TrashRecord r = insert(record(W1, PROJECT, START, NOW, 1));
            TrashRecord claimed = insertClaimed(listed(W1, 1), "worker", NOW);

            assertThat(tx(() -> store().remove(W1, r.id(), States.listed(NOW.minus(MICRO))))).isTrue();
            assertThat(tx(() -> store().remove(W1, claimed.id(), States.ownedBy("other")))).isFalse();
            assertThat(tx(() -> store().remove(W1, claimed.id(), States.ownedBy("worker")))).isTrue();
            assertThat(store().find(W1, claimed.id())).isEmpty();
        }

        @Test
        @DisplayName("R21 R44 removeAll removes those of the ids that are in the workspace and match, and returns them")
        void removeAll() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);
            TrashRecord b = insertClaimed(expired(Duration.ofDays(1)), "me", NOW);
            TrashRecord otherWorkspace = insertClaimed(listed(W2, 1), "me", NOW);
            TrashRecord theirs = insertClaimed(listed(W1, 1), "them", NOW);
            TrashRecord active = insert(listed(W1, 1));
            TrashItemId missing = TrashItemId.random();

            Set<TrashItemId> removed = tx(() -> store().removeAll(W1,
                    List.of(a.id(), b.id(), otherWorkspace.id(), theirs.id(), active.id(), missing, a.id()),
                    States.ownedBy("me")));

            assertThat(removed).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(store().find(W1, a.id())).isEmpty();
            assertThat(store().find(W1, b.id())).isEmpty();
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
            assertThat(store().find(W1, theirs.id())).contains(theirs);
            assertThat(store().find(W1, active.id())).contains(active);
            assertThat(tx(() -> store().removeAll(W1, List.of(a.id(), b.id()), States.ownedBy("me")))).isEmpty();
            assertThat(tx(() -> store().removeAll(W1, List.of(), Condition.all()))).isEmpty();
            assertThat(tx(() -> store().removeAll(W2, List.of(otherWorkspace.id()), States.ownedBy("me"))))
                    .containsExactly(otherWorkspace.id());
        }

        @Test
        @DisplayName("R22 removeAll refuses a worker whose lease another worker took over")
        void removeAfterTakeover() {
            TrashRecord r = insertClaimed(expired(Duration.ofDays(1)), "slow", NOW);
            assertThat(ids(tx(() -> store().claimNext(W1, States.due(NOW.plus(LEASE)), claim("fast", NOW.plus(LEASE)), 10))))
                    .containsExactly(r.id());

            assertThat(tx(() -> store().removeAll(W1, List.of(r.id()), States.ownedBy("slow")))).isEmpty();
            assertThat(tx(() -> store().removeAll(W1, List.of(r.id()), States.ownedBy("fast")))).containsExactly(r.id());
        }
    }

    // ================================================================ TrashStore: workspaces and claims

    @Nested
    @DisplayName("TrashStore workspaces, claimNext, claim, claimAny")
    class Claims {
        @Test
        @DisplayName("R44 workspaces lists each workspace holding a matching record once, up to the limit, changing nothing")
        void workspaces() {
            TrashRecord a = insert(expired(W1, Duration.ofDays(1)));
            insert(expired(W1, Duration.ofDays(2)));
            TrashRecord b = insert(expired(W2, Duration.ofHours(1)));
            insert(listed(W3, 1)); // nothing due in w3
            TrashRecord held = insertClaimed(expired(WorkspaceId.of("w4"), Duration.ofDays(1)), "other", NOW);

            assertThat(store().workspaces(States.due(NOW), 10)).containsExactlyInAnyOrder(W1, W2);
            assertThat(store().workspaces(States.due(NOW.plus(LEASE)), 10))
                    .containsExactlyInAnyOrder(W1, W2, WorkspaceId.of("w4"));
            assertThat(store().workspaces(Condition.all(), 10)).containsExactlyInAnyOrder(W1, W2, W3, WorkspaceId.of("w4"));
            List<WorkspaceId> two = store().workspaces(Condition.all(), 2);
            assertThat(two).hasSize(2).doesNotHaveDuplicates();
            assertThat(store().workspaces(Condition.any(), 10)).isEmpty();
            assertThat(store().find(W1, a.id())).contains(a);
            assertThat(store().find(W2, b.id())).contains(b);
            assertThat(store().find(held.workspace(), held.id())).contains(held);
        }

        @Test
        @DisplayName("R44 claimNext takes matching records of its workspace only, applies the change, keeps attempts "
                + "and last error, and returns them as stored")
        void claimNext() {
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord atExpiry = insert(record(W1, PROJECT, START, NOW, 1));
            TrashRecord notYet = insert(record(W1, PROJECT, START, NOW.plusNanos(1_000), 1));
            TrashRecord held = insertClaimed(expired(Duration.ofDays(2)), "other", NOW.minusSeconds(60));
            TrashRecord retry = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord retryNow = insertReleased(listed(W1, 1), NOW, "boom");
            TrashRecord retryLater = insertReleased(expired(Duration.ofDays(3)), NOW.plusSeconds(1), "boom");
            TrashRecord otherWorkspace = insert(record(W2, DATASET, START, NOW.minusSeconds(5), 1));

            PurgeChange mine = claim("sweeper-a", NOW);
            List<TrashRecord> got = tx(() -> store().claimNext(W1, States.due(NOW), mine, 100));

            assertThat(ids(got)).containsExactlyInAnyOrder(expired.id(), atExpiry.id(), retry.id(), retryNow.id());
            for (TrashRecord r : got) {
                PurgeState state = r.purge().orElseThrow();
                assertThat(state.owner()).isEqualTo("sweeper-a");
                assertThat(state.availableAt()).isEqualTo(NOW.plus(LEASE));
                assertThat(store().find(W1, r.id())).contains(r);
            }
            TrashRecord retried = got.stream().filter(r -> r.id().equals(retry.id())).findFirst().orElseThrow();
            assertThat(retried.purge().orElseThrow().attempts()).as("a claim keeps the failures").isEqualTo(1);
            assertThat(retried.purge().orElseThrow().lastError()).contains("boom");
            assertThat(got.stream().filter(r -> r.id().equals(expired.id())).findFirst().orElseThrow().purge())
                    .contains(new PurgeState("sweeper-a", NOW.plus(LEASE), 0, Optional.empty()));
            assertThat(store().find(W1, notYet.id())).contains(notYet);
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, retryLater.id())).contains(retryLater);
            assertThat(store().find(W2, otherWorkspace.id())).as("another workspace's due record").contains(otherWorkspace);
            assertThat(tx(() -> store().claimNext(W1, States.due(NOW), claim("sweeper-b", NOW), 100)))
                    .as("the claimed ones are no longer due").isEmpty();
            assertThat(ids(tx(() -> store().claimNext(W2, States.due(NOW), claim("sweeper-b", NOW), 100))))
                    .containsExactly(otherWorkspace.id());
            assertThat(tx(() -> store().claimNext(W3, Condition.all(), claim("sweeper-b", NOW), 100))).isEmpty();
        }

        @Test
        @DisplayName("claimNext respects the limit, and successive claims take disjoint records until none is left")
        void claimNextLimit() {
            List<TrashItemId> due = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                due.add(insert(expired(Duration.ofMinutes(i + 1))).id());
            }

            List<TrashItemId> claimed = new ArrayList<>();
            for (String owner : List.of("a", "b", "c")) {
                List<TrashRecord> got = tx(() -> store().claimNext(W1, States.due(NOW), claim(owner, NOW), 2));
                assertThat(got).hasSize(owner.equals("c") ? 1 : 2);
                claimed.addAll(ids(got));
            }
            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
            assertThat(tx(() -> store().claimNext(W1, States.due(NOW), claim("d", NOW), 2))).isEmpty();
        }

        @Test
        @DisplayName("R22 claimNext takes over a record whose lease has run out")
        void leaseRunsOut() {
            TrashRecord held = insertClaimed(expired(Duration.ofDays(1)), "dead-sweeper", NOW);

            Instant justBefore = NOW.plus(LEASE).minus(MICRO);
            assertThat(tx(() -> store().claimNext(W1, States.due(justBefore), claim("alive", justBefore), 10))).isEmpty();
            List<TrashRecord> got = tx(() -> store().claimNext(W1, States.due(NOW.plus(LEASE)), claim("alive", NOW.plus(LEASE)), 10));

            assertThat(ids(got)).containsExactly(held.id());
            assertThat(got.get(0).purge().orElseThrow().owner()).isEqualTo("alive");
        }

        @Test
        @DisplayName("R44 claim(ids) takes those of the ids in its workspace that match, whether expired or not, "
                + "and available released ones; not another workspace's")
        void claimIds() {
            TrashRecord listed = insert(listed(W1, 1));
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord otherWorkspace = insert(listed(W2, 1));
            TrashRecord available = insertReleased(listed(W1, 1), NOW, "boom");
            TrashRecord held = insertClaimed(listed(W1, 1), "other", NOW);
            TrashRecord releasedLater = insertReleased(listed(W1, 1), NOW.plusSeconds(1), "boom");
            TrashItemId missing = TrashItemId.random();

            PurgeChange mine = claim("purge-1", NOW);
            List<TrashRecord> got = tx(() -> store().claim(W1, List.of(listed.id(), expired.id(), otherWorkspace.id(),
                    available.id(), held.id(), releasedLater.id(), missing), States.claimable(NOW), mine));

            assertThat(ids(got)).containsExactlyInAnyOrder(listed.id(), expired.id(), available.id());
            assertThat(got).allSatisfy(r -> {
                assertThat(r.purge().orElseThrow().owner()).isEqualTo("purge-1");
                assertThat(r.purge().orElseThrow().availableAt()).isEqualTo(NOW.plus(LEASE));
                assertThat(store().find(W1, r.id())).contains(r);
            });
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, releasedLater.id())).contains(releasedLater);
            assertThat(store().find(W1, missing)).isEmpty();
            assertThat(tx(() -> store().claim(W1, List.of(listed.id(), expired.id()), States.claimable(NOW),
                    claim("purge-2", NOW)))).as("claimed once: no one else claims them now").isEmpty();
            assertThat(tx(() -> store().claim(W1, List.of(), Condition.all(), claim("purge-2", NOW)))).isEmpty();
        }

        @Test
        @DisplayName("R44 claimAny takes matching records of its workspace only, up to the limit, until none matches")
        void claimAny() {
            TrashRecord a = insert(listed(W1, 1));
            TrashRecord b = insert(expired(Duration.ofDays(1)));
            TrashRecord c = insert(deletedAt(START.plusSeconds(5)));
            TrashRecord held = insertClaimed(listed(W1, 1), "other", NOW);
            TrashRecord released = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord otherWorkspace = insert(listed(W2, 1));

            List<TrashItemId> claimed = new ArrayList<>();
            List<TrashRecord> first = tx(() -> store().claimAny(W1, States.inTrash(), claim("empty-1", NOW), 2));
            assertThat(first).hasSize(2);
            claimed.addAll(ids(first));
            List<TrashRecord> second = tx(() -> store().claimAny(W1, States.inTrash(), claim("empty-1", NOW), 2));
            assertThat(second).hasSize(1);
            claimed.addAll(ids(second));

            assertThat(claimed).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
            assertThat(first).allSatisfy(r -> {
                assertThat(r.purge().orElseThrow().owner()).isEqualTo("empty-1");
                assertThat(store().find(W1, r.id())).contains(r);
            });
            assertThat(tx(() -> store().claimAny(W1, States.inTrash(), claim("empty-2", NOW), 2))).isEmpty();
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, released.id())).contains(released);
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
            assertThat(ids(tx(() -> store().claimAny(W1, States.ownedBy("failed-worker"), claim("empty-2", NOW), 5))))
                    .as("the condition decides, not the store").containsExactly(released.id());
        }
    }

    // ================================================================ TrashStore: update

    @Nested
    @DisplayName("TrashStore update")
    class Updating {
        @Test
        @DisplayName("R19 a failure: the owner's records get availableAt, the attempts and the error; others' and "
                + "another workspace's are untouched")
        void failure() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);
            TrashRecord b = insertClaimed(expired(Duration.ofDays(1)), "me", NOW);
            TrashRecord theirs = insertClaimed(listed(W1, 1), "them", NOW);
            TrashRecord otherWorkspace = insertClaimed(listed(W2, 1), "me", NOW);
            TrashRecord active = insert(listed(W1, 1));
            Instant retryAt = NOW.plus(Duration.ofHours(1));

            int changed = tx(() -> store().update(W1, List.of(a.id(), b.id(), theirs.id(), otherWorkspace.id(),
                    active.id(), TrashItemId.random()), States.ownedBy("me"), States.failed("me", retryAt, 1, "file store down")));

            assertThat(changed).isEqualTo(2);
            for (TrashRecord r : List.of(a, b)) {
                assertThat(store().find(W1, r.id()).orElseThrow().purge())
                        .contains(new PurgeState("me", retryAt, 1, Optional.of("file store down")));
            }
            assertThat(store().find(W1, theirs.id())).contains(theirs);
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
            assertThat(store().find(W1, active.id())).contains(active);
        }

        @Test
        @DisplayName("R19 R22 attempts and error are written when given and kept when not; the record is due only from availableAt")
        void attemptsAndDueTime() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);
            TrashRecord b = insertClaimed(expired(Duration.ofDays(1)), "me", NOW);
            TrashRecord theirs = insertClaimed(expired(Duration.ofDays(1)), "them", NOW);
            Instant retryAt = NOW.plus(Duration.ofHours(1));

            txRun(() -> store().update(W1, List.of(a.id(), b.id()), States.ownedBy("me"), States.failed("me", retryAt, 1, "down")));
            txRun(() -> store().update(W1, List.of(a.id()), States.ownedBy("me"), States.failed("me", retryAt, 2, "still down")));
            assertThat(store().find(W1, a.id()).orElseThrow().purge())
                    .contains(new PurgeState("me", retryAt, 2, Optional.of("still down")));
            // handed back without a failure (it waited for another worker): attempts and error stay
            Instant later = retryAt.plus(Duration.ofMinutes(1));
            assertThat(tx(() -> store().update(W1, List.of(a.id()), States.ownedBy("me"), States.handBack("me", later))))
                    .isEqualTo(1);
            assertThat(store().find(W1, a.id()).orElseThrow().purge())
                    .contains(new PurgeState("me", later, 2, Optional.of("still down")));
            // an explicit change writes exactly what it says
            PurgeChange reset = new PurgeChange("me", retryAt, OptionalInt.of(0), Optional.of("cleared"));
            txRun(() -> store().update(W1, List.of(a.id()), States.ownedBy("me"), reset));
            assertThat(store().find(W1, a.id()).orElseThrow().purge()).contains(new PurgeState("me", retryAt, 0, Optional.of("cleared")));
            // just before availableAt only the other worker's record is due (its lease ran out), at it ours are
            Instant before = retryAt.minus(MICRO);
            assertThat(ids(tx(() -> store().claimNext(W1, States.due(before), claim("x", before), 10))))
                    .containsExactly(theirs.id());
            assertThat(ids(tx(() -> store().claimNext(W1, States.due(retryAt), claim("y", retryAt), 10))))
                    .containsExactlyInAnyOrder(a.id(), b.id());
        }

        @Test
        @DisplayName("update with a condition that matches nothing changes nothing and counts 0")
        void noMatch() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);

            assertThat(tx(() -> store().update(W1, List.of(a.id()), States.ownedBy("them"), States.handBack("them", NOW))))
                    .isZero();
            assertThat(tx(() -> store().update(W2, List.of(a.id()), Condition.all(), States.handBack("them", NOW)))).isZero();
            assertThat(store().find(W1, a.id())).contains(a);
        }
    }

    // ================================================================ TrashStore: summarize / largest

    @Nested
    @DisplayName("TrashStore summarize and largest")
    class Summaries {
        @Test
        @DisplayName("R21 R44 summarize: listed items in total and per root type; expired, claimed and released ones as purging")
        void summarize() {
            insert(record(W1, PROJECT, START, START.plus(RETENTION), 100));
            insert(record(W1, PROJECT, START.plusSeconds(1), START.plus(RETENTION), 50));
            insert(record(W1, DATASET, START, START.plus(RETENTION), 30));
            insert(record(W1, MODEL, START, NOW, 5_000)); // expired, not yet claimed
            insertClaimed(record(W1, MODEL, START, START.plus(RETENTION), 4_000), "w", NOW);
            insertReleased(record(W1, DATASET, START, START.plus(RETENTION), 13), NOW.minusSeconds(1), "boom");
            insert(record(W2, PROJECT, START, START.plus(RETENTION), 1_000));

            StorageSummary s = store().summarize(W1, States.listed(NOW));
            assertThat(s.workspace()).isEqualTo(W1);
            assertThat(s.items()).isEqualTo(3);
            assertThat(s.bytes()).isEqualTo(180);
            assertThat(s.byType()).isEqualTo(Map.of(PROJECT, new TypeUsage(2, 150), DATASET, new TypeUsage(1, 30)));
            assertThat(s.purgingItems()).isEqualTo(3);
            assertThat(s.purgingBytes()).isEqualTo(9_013);

            StorageSummary w2 = store().summarize(W2, States.listed(NOW));
            assertThat(w2).isEqualTo(new StorageSummary(W2, 1, 1_000, Map.of(PROJECT, new TypeUsage(1, 1_000)), 0, 0));
            assertThat(store().summarize(WorkspaceId.of("empty"), States.listed(NOW)))
                    .isEqualTo(new StorageSummary(WorkspaceId.of("empty"), 0, 0, Map.of(), 0, 0));
            assertThat(store().summarize(W1, Condition.all()).items()).as("the condition decides what counts as listed")
                    .isEqualTo(6);
        }

        @Test
        @DisplayName("R21 R44 largest: the matching records of the workspace, largest first, at most limit")
        void largest() {
            TrashRecord a = insert(record(W1, PROJECT, START, START.plus(RETENTION), 100));
            TrashRecord b = insert(record(W1, MODEL, START, START.plus(RETENTION), 50));
            TrashRecord c = insert(record(W1, DATASET, START, START.plus(RETENTION), 75));
            TrashRecord d = insert(record(W1, DATASET, START, START.plus(RETENTION), 10));
            insert(record(W1, PROJECT, START, NOW, 5_000));
            TrashRecord claimed = insertClaimed(record(W1, PROJECT, START, START.plus(RETENTION), 4_000), "w", NOW);
            insert(record(W2, PROJECT, START, START.plus(RETENTION), 3_000));

            assertThat(ids(store().largest(W1, States.listed(NOW), 2))).containsExactly(a.id(), c.id());
            assertThat(ids(store().largest(W1, States.listed(NOW), 10))).containsExactly(a.id(), c.id(), b.id(), d.id());
            assertThat(ids(store().largest(W1, States.ownedBy("w"), 10))).containsExactly(claimed.id());
            assertThat(store().largest(WorkspaceId.of("empty"), States.listed(NOW), 10)).isEmpty();
        }
    }

    // ================================================================ TrashStore: setHold (SPEC R32)

    /** A hold placed by {@code legal} at {@code at}. */
    private static Hold hold(String reason, Instant at) {
        return new Hold(reason, ActorId.of("legal"), at);
    }

    @Nested
    @DisplayName("TrashStore setHold")
    class Holds {
        @Test
        @DisplayName("R32 places a hold on a record that matches, and lifts it: find and list return the record with "
                + "its hold (reason, actor, time to the microsecond), then without")
        void placesAndLifts() {
            TrashRecord r = insert(listed(W1, 7));
            Hold hold = hold("litigation 2026-17", NOW.minus(MICRO));

            assertThat(tx(() -> store().setHold(W1, r.id(), States.holdable(), Optional.of(hold)))).isTrue();

            TrashRecord held = r.withHold(Optional.of(hold));
            assertThat(store().find(W1, r.id())).contains(held);
            assertThat(store().list(W1, new ListRequest(Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 10,
                    States.listed(NOW)))).containsExactly(held);
            assertThat(store().largest(W1, States.listed(NOW), 10)).containsExactly(held);
            assertThat(tx(() -> store().setHold(W1, r.id(), States.holdable(), Optional.of(hold("another", NOW)))))
                    .as("already held: holdable no longer matches").isFalse();
            assertThat(store().find(W1, r.id())).contains(held);

            assertThat(tx(() -> store().setHold(W1, r.id(), States.held(), Optional.empty()))).isTrue();
            assertThat(store().find(W1, r.id())).contains(r);
            assertThat(tx(() -> store().setHold(W1, r.id(), States.held(), Optional.empty())))
                    .as("not held any more").isFalse();
            assertThat(store().find(W1, r.id())).contains(r);
        }

        @Test
        @DisplayName("R32 insert keeps a record's hold, and a reason of 255 characters, not all ASCII, whole")
        void insertKeepsTheHold() {
            String head = "Rechtsstreit – Akte ü ✓ 🗄 ";
            String reason = head + "é".repeat(255 - head.length());
            assertThat(reason).hasSize(255);
            TrashRecord r = insert(listed(W1, 1).withHold(Optional.of(new Hold(reason, ALICE, START.plus(MICRO)))));

            assertThat(store().find(W1, r.id())).contains(r);
            assertThat(store().find(W1, r.id()).orElseThrow().hold().orElseThrow().reason()).isEqualTo(reason);
        }

        @Test
        @DisplayName("R32 R21 R44 setHold is false and changes nothing for a record that does not match (claimed, held), "
                + "of another workspace, or missing; an expired record not yet claimed can be held")
        void conditional() {
            TrashRecord claimed = insertClaimed(listed(W1, 1), "worker", NOW);
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord other = insert(listed(W2, 1));
            Hold hold = hold("audit", NOW);

            assertThat(tx(() -> store().setHold(W1, claimed.id(), States.holdable(), Optional.of(hold)))).isFalse();
            assertThat(store().find(W1, claimed.id())).contains(claimed);
            assertThat(tx(() -> store().setHold(W1, other.id(), States.holdable(), Optional.of(hold)))).isFalse();
            assertThat(tx(() -> store().setHold(W1, other.id(), Condition.all(), Optional.of(hold))))
                    .as("even if it matches").isFalse();
            assertThat(store().find(W2, other.id())).contains(other);
            assertThat(tx(() -> store().setHold(W1, TrashItemId.random(), Condition.all(), Optional.of(hold)))).isFalse();

            assertThat(tx(() -> store().setHold(W1, expired.id(), States.holdable(), Optional.of(hold)))).isTrue();
            assertThat(store().find(W1, expired.id())).contains(expired.withHold(Optional.of(hold)));
            assertThat(tx(() -> store().setHold(W2, expired.id(), Condition.all(), Optional.empty())))
                    .as("another workspace cannot lift it").isFalse();
            assertThat(store().find(W1, expired.id()).orElseThrow().hold()).contains(hold);
        }

        @Test
        @DisplayName("R32 R9 a held record is listed even past its expiry, and neither expired, due nor claimable; lifted, "
                + "an expired one is due at once (its due time is its expiry still)")
        void conditionsSeeTheHold() {
            TrashRecord old = insert(expired(Duration.ofDays(1)));
            TrashRecord fresh = insert(listed(W1, 1));
            TrashRecord free = insert(expired(Duration.ofDays(2)));
            txRun(() -> {
                store().setHold(W1, old.id(), States.holdable(), Optional.of(hold("keep", NOW)));
                store().setHold(W1, fresh.id(), States.holdable(), Optional.of(hold("keep", NOW)));
            });

            assertThat(where(States.held())).containsExactlyInAnyOrder(old.id(), fresh.id());
            assertThat(where(States.notHeld())).containsExactly(free.id());
            assertThat(where(States.listed(NOW))).containsExactlyInAnyOrder(old.id(), fresh.id());
            assertThat(where(States.expired(NOW))).containsExactly(free.id());
            assertThat(where(States.due(NOW))).containsExactly(free.id());
            assertThat(where(States.claimable(NOW))).containsExactly(free.id());
            assertThat(store().summarize(W1, States.listed(NOW)).items()).isEqualTo(2);
            assertThat(tx(() -> store().claim(W1, List.of(old.id(), fresh.id()), States.claimable(NOW), claim("p", NOW))))
                    .isEmpty();
            assertThat(ids(tx(() -> store().claimNext(W1, States.due(NOW), claim("sweeper", NOW), 10))))
                    .containsExactly(free.id());
            assertThat(store().workspaces(States.due(NOW), 10)).as("only held records are left").isEmpty();

            assertThat(tx(() -> store().setHold(W1, old.id(), States.held(), Optional.empty()))).isTrue();
            assertThat(where(States.due(NOW))).containsExactly(old.id());
            assertThat(where(States.listed(NOW))).containsExactly(fresh.id());
            assertThat(store().workspaces(States.due(NOW), 10)).containsExactly(W1);
        }

        @Test
        @DisplayName("R32 HELD_AT is a time field like the others: every operator, as Condition.test defines it (null while not held)")
        void heldAtWithEveryOperator() {
            List<TrashRecord> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TrashRecord r = insert(listed(W1, 1));
                Instant at = NOW.plus(MICRO.multipliedBy(i));
                txRun(() -> store().setHold(W1, r.id(), States.holdable(), Optional.of(hold("case " + r.id(), at))));
                all.add(store().find(W1, r.id()).orElseThrow());
            }
            all.add(insert(listed(W1, 1)));
            for (Op op : Op.values()) {
                for (Instant value : List.of(NOW.minus(MICRO), NOW, NOW.plus(MICRO), NOW.plus(MICRO.multipliedBy(5)))) {
                    Condition c = Condition.compare(ItemField.HELD_AT, op, value);
                    List<TrashItemId> oracle = all.stream().filter(c::test).map(TrashRecord::id).toList();
                    assertThat(where(c)).as("HELD_AT %s %s", op, value).containsExactlyInAnyOrderElementsOf(oracle);
                }
            }
            assertThat(where(Condition.compare(ItemField.HELD_AT, Op.EQ, NOW.plus(MICRO)))).containsExactly(all.get(1).id());
        }

        @Test
        @DisplayName("R32 R22 a hold racing a purge's claim on the same record ends one way, every time: held and not "
                + "claimed, or claimed and not held")
        void holdRacesClaim() {
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                int holds = 0;
                for (int round = 0; round < 20; round++) {
                    TrashRecord r = insert(round % 2 == 0 ? listed(W1, 1) : expired(Duration.ofDays(1)));
                    List<Races.Outcome> o = Races.race(threads, Duration.ofSeconds(60), List.<java.util.concurrent.Callable<?>>of(
                            () -> tx(() -> store().claim(W1, List.of(r.id()), States.claimable(NOW), claim("purge", NOW))),
                            () -> tx(() -> store().setHold(W1, r.id(), States.holdable(),
                                    Optional.of(hold("race", NOW))))));
                    boolean claimed = o.get(0).ok() && !((List<?>) o.get(0).value()).isEmpty();
                    boolean held = o.get(1).ok() && (Boolean) o.get(1).value();
                    for (Races.Outcome lost : o) {
                        if (!lost.ok()) {
                            assertThat(lost.error()).as("a loser fails only as a lost race")
                                    .isInstanceOf(dev.trash.RetryableException.class);
                        }
                    }
                    TrashRecord now = store().find(W1, r.id()).orElseThrow();
                    assertThat(claimed ^ held).as("round %d: exactly one wins (claimed %s, held %s)", round, claimed, held)
                            .isTrue();
                    assertThat(now.purge().isPresent()).as("claimed").isEqualTo(claimed);
                    assertThat(now.hold().isPresent()).as("held").isEqualTo(held);
                    holds += held ? 1 : 0;
                }
                System.out.printf("hold vs claim: the hold won %d of 20 rounds%n", holds);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    // ================================================================ TrashStore: changeExpiry (SPEC R36)

    @Nested
    @DisplayName("TrashStore changeExpiry")
    class Expiries {
        @Test
        @DisplayName("R36 gives the matching records of the root type deletion time + retention, to the microsecond, or "
                + "notBefore if that is later; due time with it; counts them")
        void newExpiry() {
            Duration retention = Duration.ofDays(10).plus(MICRO);
            TrashRecord recent = insert(record(W1, PROJECT, START.plusSeconds(5), START.plus(RETENTION), 1));
            TrashRecord old = insert(record(W1, PROJECT, NOW.minus(Duration.ofDays(20)), NOW.plus(Duration.ofDays(10)), 2));
            TrashRecord exactly = insert(record(W1, PROJECT, NOW.minus(retention), NOW.plus(RETENTION), 3));

            long changed = tx(() -> store().changeExpiry(W1, PROJECT, retention, NOW, States.listed(NOW)));

            assertThat(changed).isEqualTo(3);
            Instant recentExpiry = START.plusSeconds(5).plus(retention);
            assertThat(recentExpiry).isAfter(NOW);
            assertThat(store().find(W1, recent.id())).contains(recent.withExpiresAt(recentExpiry));
            assertThat(store().find(W1, old.id())).as("never in the past: notBefore").contains(old.withExpiresAt(NOW));
            assertThat(store().find(W1, exactly.id())).contains(exactly.withExpiresAt(NOW));
            assertThat(where(Condition.compare(ItemField.DUE_AT, Op.EQ, recentExpiry))).containsExactly(recent.id());
            assertThat(where(Condition.compare(ItemField.DUE_AT, Op.EQ, NOW))).containsExactlyInAnyOrder(old.id(), exactly.id());
            assertThat(ids(tx(() -> store().claimNext(W1, States.due(NOW), claim("sweeper", NOW), 10))))
                    .as("due at notBefore").containsExactlyInAnyOrder(old.id(), exactly.id());
        }

        @Test
        @DisplayName("R36 a longer retention moves expiry and due time later; the record stays listed until then")
        void longerRetention() {
            TrashRecord r = insert(expired(Duration.ofHours(1)));
            TrashRecord stillListed = insert(listed(W1, 1));
            Duration longer = Duration.ofDays(365);

            assertThat(tx(() -> store().changeExpiry(W1, PROJECT, longer, NOW, States.listed(NOW.minus(Duration.ofDays(1))))))
                    .isEqualTo(2);

            assertThat(store().find(W1, r.id())).contains(r.withExpiresAt(r.deletedAt().plus(longer)));
            assertThat(store().find(W1, stillListed.id())).contains(stillListed.withExpiresAt(START.plus(longer)));
            assertThat(where(States.listed(NOW))).containsExactlyInAnyOrder(r.id(), stillListed.id());
            assertThat(where(States.due(START.plus(longer).minus(MICRO)))).containsExactly(r.id());
        }

        @Test
        @DisplayName("R36 R21 R44 only records of that root type, in that workspace, matching the condition change; a "
                + "held one keeps its hold")
        void onlyMatching() {
            TrashRecord project = insert(listed(W1, 1));
            TrashRecord model = insert(record(W1, MODEL, START, START.plus(RETENTION), 1));
            TrashRecord otherWorkspace = insert(listed(W2, 1));
            TrashRecord claimed = insertClaimed(listed(W1, 1), "worker", NOW);
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord held = insert(expired(Duration.ofDays(2)));
            Hold hold = hold("keep", NOW);
            txRun(() -> store().setHold(W1, held.id(), States.holdable(), Optional.of(hold)));
            Duration retention = Duration.ofDays(90);

            assertThat(tx(() -> store().changeExpiry(W1, PROJECT, retention, NOW, Condition.any()))).isZero();
            assertThat(tx(() -> store().changeExpiry(W3, PROJECT, retention, NOW, States.listed(NOW)))).isZero();
            assertThat(tx(() -> store().changeExpiry(W1, IMAGE, retention, NOW, States.listed(NOW)))).isZero();
            long changed = tx(() -> store().changeExpiry(W1, PROJECT, retention, NOW, States.listed(NOW)));

            assertThat(changed).as("the listed project and the held one").isEqualTo(2);
            assertThat(store().find(W1, project.id())).contains(project.withExpiresAt(START.plus(retention)));
            assertThat(store().find(W1, held.id()))
                    .contains(held.withHold(Optional.of(hold)).withExpiresAt(held.deletedAt().plus(retention)));
            assertThat(store().find(W1, model.id())).contains(model);
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
            assertThat(store().find(W1, claimed.id())).as("being purged: not listed").contains(claimed);
            assertThat(store().find(W1, expired.id())).as("expired: not listed").contains(expired);
        }
    }

    // ================================================================ HostResources

    @Nested
    @DisplayName("HostResources find, mark, markChildren")
    class Marking {
        @Test
        @DisplayName("find returns the resource as added, active; empty when missing")
        void find() {
            ResourceRef p = project(W1, "p1", 100);
            ResourceRef m = model(p, "m1", 10);

            ResourceState ps = resources().find(W1, p).orElseThrow();
            assertThat(ps.resource()).isEqualTo(HostResource.root(p, W1, "Project p1", "p1", 100));
            assertThat(ps.active()).isTrue();
            ResourceState ms = resources().find(W1, m).orElseThrow();
            assertThat(ms.resource()).isEqualTo(new HostResource(m, W1, Optional.of(p), "Model m1", Optional.of("m1"), 10));
            assertThat(ms.trashedBy()).isEmpty();
            assertThat(resources().find(W1, ResourceRef.of(PROJECT, "nope"))).isEmpty();
            assertThat(resources().find(W1, ResourceRef.of(MODEL, "p1"))).as("ids are per type").isEmpty();
        }

        @Test
        @DisplayName("mark marks an active resource only: false when already marked (by any item) or missing")
        void mark() {
            ResourceRef p = project(W1, "p1", 100);
            TrashItemId x = TrashItemId.random();

            assertThat(tx(() -> markRoot(W1, p, x))).isTrue();
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> markRoot(W1, p, x))).isFalse();
            assertThat(tx(() -> markRoot(W1, p, TrashItemId.random()))).isFalse();
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> markRoot(W1, ResourceRef.of(PROJECT, "nope"), x))).isFalse();
            assertThat(backend.exists(ResourceRef.of(PROJECT, "nope"))).isFalse();
        }

        @Test
        @DisplayName("markChildren marks one level, counting resources and bytes, skipping children already marked")
        void markChildren() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m1 = model(p, "m1", 10);
            ResourceRef m2 = model(p, "m2", 20);
            ResourceRef m3 = model(p, "m3", 40);
            ResourceRef w1 = child(WEIGHTS, m1, "w1", 100);
            ResourceRef w2 = child(WEIGHTS, m2, "w2", 200);
            ResourceRef run1 = child(ReferenceTypes.TRAINING_RUN, m1, "r1", 1000);
            ResourceRef q = project(W1, "q", 1);
            ResourceRef qm = model(q, "qm", 5);
            TrashItemId own = trashWith(m2, MODEL_WEIGHTS);
            TrashItemId x = TrashItemId.random();

            Marked models = tx(() -> {
                markRoot(W1, p, x);
                return resources().markChildren(W1, PROJECT_MODEL, tree(x));
            });
            Marked weights = tx(() -> resources().markChildren(W1, MODEL_WEIGHTS, tree(x)));
            Marked again = tx(() -> resources().markChildren(W1, PROJECT_MODEL, tree(x)));
            Marked nothing = tx(() -> resources().markChildren(W1, DATASET_IMAGE, tree(x)));

            assertThat(models).isEqualTo(new Marked(2, 50));
            assertThat(weights).isEqualTo(new Marked(1, 100));
            assertThat(again).isEqualTo(Marked.NONE);
            assertThat(nothing).isEqualTo(Marked.NONE);
            assertThat(markOf(m1)).contains(x);
            assertThat(markOf(m3)).contains(x);
            assertThat(markOf(w1)).contains(x);
            assertThat(markOf(m2)).as("trashed on its own before").contains(own);
            assertThat(markOf(w2)).contains(own);
            assertThat(markOf(run1)).as("other child type, not cascaded yet").isEmpty();
            assertThat(markOf(q)).isEmpty();
            assertThat(markOf(qm)).isEmpty();
        }
    }

    @Nested
    @DisplayName("HostResources unmark, slugsInUse, changeSlug")
    class Unmarking {
        @Test
        @DisplayName("unmark, called bottom-up, clears exactly the item's marks per type and counts them")
        void unmark() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m1 = model(p, "m1", 1);
            ResourceRef m2 = model(p, "m2", 1);
            ResourceRef w1 = child(WEIGHTS, m1, "w1", 1);
            ResourceRef w2 = child(WEIGHTS, m2, "w2", 1);
            ResourceRef w3 = child(WEIGHTS, m1, "w3", 1);
            TrashItemId own = trashWith(m2, MODEL_WEIGHTS);
            TrashItemId x = trashWith(p, PROJECT_MODEL, MODEL_WEIGHTS);

            // Bottom-up, as the manager calls it: each level is found through its still marked parents.
            long weights = tx(() -> resources().unmark(W1, WEIGHTS, tree(x)));
            long models = tx(() -> resources().unmark(W1, MODEL, tree(x)));
            long projects = tx(() -> resources().unmark(W1, PROJECT, tree(x)));

            assertThat(List.of(projects, models, weights)).containsExactly(1L, 1L, 2L);
            assertThat(List.of(p, m1, w1, w3)).allSatisfy(r -> assertThat(isActive(r)).as(r.toString()).isTrue());
            assertThat(markOf(m2)).contains(own);
            assertThat(markOf(w2)).contains(own);
            assertThat(tx(() -> resources().unmark(W1, PROJECT, tree(x)))).isZero();
        }

        @Test
        @DisplayName("unmark throws SlugTakenException when a project's slug is taken in its workspace, not when in another workspace")
        void unmarkProjectSlugTaken() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef p2 = project(W2, "p2", 1);
            TrashItemId x = trashWith(p);
            TrashItemId y = trashWith(p2);
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "new"), W1, "New", "p1", 1));
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "w1-p2"), W1, "Same slug, other workspace", "p2", 1));

            assertThatThrownBy(() -> tx(() -> resources().unmark(W1, PROJECT, tree(x)))).isInstanceOf(SlugTakenException.class);
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> resources().unmark(W2, PROJECT, tree(y)))).isEqualTo(1);
            assertThat(isActive(p2)).isTrue();
        }

        @Test
        @DisplayName("unmark throws SlugTakenException when a model's slug is taken in its project, not when in another project")
        void unmarkModelSlugTaken() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef q = project(W1, "q1", 1);
            ResourceRef m = model(p, "m1", 1);
            ResourceRef n = model(q, "n1", 1);
            TrashItemId x = trashWith(m);
            TrashItemId y = trashWith(n);
            backend.add(new HostResource(ResourceRef.of(MODEL, "m1-again"), W1, Optional.of(p), "Again",
                    Optional.of("m1"), 1));
            backend.add(new HostResource(ResourceRef.of(MODEL, "n1-elsewhere"), W1, Optional.of(p), "Elsewhere",
                    Optional.of("n1"), 1));

            assertThatThrownBy(() -> tx(() -> resources().unmark(W1, MODEL, tree(x)))).isInstanceOf(SlugTakenException.class);
            assertThat(markOf(m)).contains(x);
            assertThat(tx(() -> resources().unmark(W1, MODEL, tree(y)))).isEqualTo(1);
            assertThat(isActive(n)).isTrue();
        }

        @Test
        @DisplayName("slugsInUse looks at active resources only, in the workspace or under the parent")
        void slugsInUse() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef q = project(W1, "q1", 1);
            model(p, "m1", 1);
            ResourceRef gone = model(p, "m2", 1);
            ResourceRef trashedProject = project(W1, "t1", 1);
            dataset(W1, "p1-data", 1);
            trashWith(gone);
            trashWith(trashedProject);

            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1").contains("p1")).isTrue();
            assertThat(resources().slugsInUse(W2, PROJECT, Optional.empty(), "p1").contains("p1")).isFalse();
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "t1").contains("t1")).as("trashed").isFalse();
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1-data").contains("p1-data")).as("other type").isFalse();
            assertThat(resources().slugsInUse(W1, DATASET, Optional.empty(), "p1-data").contains("p1-data")).isTrue();
            assertThat(resources().slugsInUse(W1, MODEL, Optional.of(p), "m1").contains("m1")).isTrue();
            assertThat(resources().slugsInUse(W1, MODEL, Optional.of(q), "m1").contains("m1")).as("other project").isFalse();
            assertThat(resources().slugsInUse(W1, MODEL, Optional.of(p), "m2").contains("m2")).as("trashed").isFalse();
        }

        @Test
        @DisplayName("R11 slugsInUse returns, in one call, the base slug and every active slug that starts with base-")
        void slugsInUseByPrefix() {
            for (String slug : List.of("cats", "cats-2", "cats-10", "cats-draft", "cats2", "cat", "dogs-cats", "cats_3",
                    "cats%-4")) {
                backend.add(HostResource.root(ResourceRef.of(PROJECT, "id-" + slug), W1, slug, slug, 1));
            }
            ResourceRef gone = ResourceRef.of(PROJECT, "id-cats-3");
            backend.add(HostResource.root(gone, W1, "cats-3", "cats-3", 1));
            trashWith(gone);
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "w2-cats-5"), W2, "cats-5", "cats-5", 1));

            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "cats"))
                    .containsExactlyInAnyOrder("cats", "cats-2", "cats-10", "cats-draft");
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "cats%"))
                    .as("LIKE wildcards in the base are plain characters").containsExactly("cats%-4");
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "cats_")).as("no match for _").isEmpty();
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "mice")).isEmpty();
        }

        @Test
        @DisplayName("changeSlug renames a trashed resource; unmark then brings it back under the new slug")
        void changeSlug() {
            ResourceRef p = project(W1, "p1", 1);
            TrashItemId x = trashWith(p);
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "new"), W1, "New", "p1", 1));

            txRun(() -> resources().changeSlug(W1, p, "p1-2"));
            assertThat(slugOf(p)).contains("p1-2");
            assertThat(markOf(p)).contains(x);
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1-2").contains("p1-2")).as("still trashed").isFalse();

            assertThat(tx(() -> resources().unmark(W1, PROJECT, tree(x)))).isEqualTo(1);
            assertThat(isActive(p)).isTrue();
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1-2").contains("p1-2")).isTrue();
            assertThat(slugOf(ResourceRef.of(PROJECT, "new"))).contains("p1");
        }
    }

    @Nested
    @DisplayName("HostResources nestedItems, purge, marked")
    class Purging {
        @Test
        @DisplayName("R18 nestedItems maps each child marked apart from its parent to the given item that marks the parent")
        void nestedItems() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m1 = model(p, "m1", 1);
            ResourceRef m2 = model(p, "m2", 1);
            ResourceRef m3 = model(p, "m3", 1);
            child(WEIGHTS, m1, "w1", 1);
            ResourceRef w3 = child(WEIGHTS, m3, "w3", 1);
            ResourceRef q = project(W1, "q1", 1);
            ResourceRef qm = model(q, "qm", 1);
            TrashItemId z = trashWith(w3);
            TrashItemId y2 = trashWith(m2);
            TrashItemId y3 = trashWith(m3, MODEL_WEIGHTS);
            TrashItemId yq = trashWith(qm);
            TrashItemId x = trashWith(p, PROJECT_MODEL, MODEL_WEIGHTS);
            assertThat(markOf(m1)).contains(x);

            assertThat(resources().nestedItems(W1, PROJECT_MODEL, trees(x))).isEqualTo(Map.of(y2, x, y3, x));
            assertThat(resources().nestedItems(W1, PROJECT_MODEL, trees(x, y2)))
                    .as("a child's item is reported even when it is among the given ones").isEqualTo(Map.of(y2, x, y3, x));
            assertThat(resources().nestedItems(W1, MODEL_WEIGHTS, trees(y3))).isEqualTo(Map.of(z, y3));
            assertThat(resources().nestedItems(W1, MODEL_WEIGHTS, trees(x))).as("m3 is not marked with x").isEmpty();
            assertThat(resources().nestedItems(W1, DATASET_IMAGE, trees(x, y2, y3))).isEmpty();
            assertThat(resources().nestedItems(W1, PROJECT_MODEL, trees(yq))).isEmpty();
        }

        @Test
        @DisplayName("purge deletes, type by type bottom-up, exactly the rows marked with the given items, and counts them")
        void purge() {
            ResourceRef d = dataset(W1, "d1", 1);
            List<ResourceRef> images = children(IMAGE, d, "d1-img", 3, 1);
            List<ResourceRef> annotations = children(ANNOTATION, d, "d1-ann", 2, 1);
            ResourceRef e = dataset(W1, "e1", 1);
            ResourceRef eImage = child(IMAGE, e, "e1-img", 1);
            ResourceRef f = dataset(W1, "f1", 1);
            ResourceRef fImage = child(IMAGE, f, "f1-img", 1);
            ResourceRef g = dataset(W1, "g1", 1);
            ResourceRef gImage = child(IMAGE, g, "g1-img", 1);
            TrashItemId x = trashWith(d, DATASET_IMAGE, DATASET_ANNOTATION);
            TrashItemId y = trashWith(e, DATASET_IMAGE, DATASET_ANNOTATION);
            TrashItemId kept = trashWith(g, DATASET_IMAGE, DATASET_ANNOTATION);

            long[] counts = tx(() -> new long[] {
                    resources().purge(W1, IMAGE, trees(x, y)),
                    resources().purge(W1, ANNOTATION, trees(x, y)),
                    resources().purge(W1, DATASET, trees(x, y))});

            assertThat(counts).containsExactly(4, 2, 2);
            List<ResourceRef> gone = new ArrayList<>(List.of(d, e, eImage));
            gone.addAll(images);
            gone.addAll(annotations);
            assertThat(gone).allSatisfy(r -> assertThat(backend.exists(r)).as(r.toString()).isFalse());
            assertThat(isActive(f)).isTrue();
            assertThat(isActive(fImage)).isTrue();
            assertThat(markOf(g)).contains(kept);
            assertThat(markOf(gImage)).contains(kept);
            assertThat(tx(() -> resources().purge(W1, DATASET, trees(x, TrashItemId.random())))).isZero();
        }

        @Test
        @DisplayName("marked lists the resources of a type marked with the item")
        void marked() {
            ResourceRef d = dataset(W1, "d1", 1);
            List<ResourceRef> images = children(IMAGE, d, "img", 3, 1);
            ResourceRef own = child(IMAGE, d, "own", 1);
            ResourceRef e = dataset(W1, "e1", 1);
            child(IMAGE, e, "e-img", 1);
            TrashItemId ownItem = trashWith(own);
            TrashItemId x = trashWith(d, DATASET_IMAGE, DATASET_ANNOTATION);

            assertThat(resources().marked(W1, IMAGE, tree(x))).containsExactlyInAnyOrderElementsOf(images);
            assertThat(resources().marked(W1, DATASET, tree(x))).containsExactly(d);
            assertThat(resources().marked(W1, ANNOTATION, tree(x))).isEmpty();
            assertThat(resources().marked(W1, IMAGE, tree(ownItem))).containsExactly(own);
            assertThat(resources().marked(W1, IMAGE, tree(TrashItemId.random()))).isEmpty();
        }
    }

    @Nested
    @DisplayName("HostResources measure and moveTo")
    class MeasureMove {
        @Test
        @DisplayName("R33 R21 R44 measure counts, per type, the resources of the workspace marked with the item and their bytes")
        void measure() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m1 = model(p, "m1", 10);
            model(p, "m2", 20);
            ResourceRef own = model(p, "own", 40);
            child(WEIGHTS, m1, "w1", 100);
            child(WEIGHTS, m1, "w2", 200);
            child(WEIGHTS, own, "w3", 400);
            ResourceRef q = project(W2, "q1", 1_000);
            model(q, "qm", 2_000);
            TrashItemId ownItem = trashWith(own, MODEL_WEIGHTS);
            TrashItemId x = trashWith(p, PROJECT_MODEL, MODEL_WEIGHTS);
            TrashItemId y = trashWith(q, PROJECT_MODEL);

            assertThat(resources().measure(W1, PROJECT, tree(x))).isEqualTo(new Marked(1, 1));
            assertThat(resources().measure(W1, MODEL, tree(x))).isEqualTo(new Marked(2, 30));
            assertThat(resources().measure(W1, WEIGHTS, tree(x))).isEqualTo(new Marked(2, 300));
            assertThat(resources().measure(W1, MODEL, tree(ownItem))).isEqualTo(new Marked(1, 40));
            assertThat(resources().measure(W1, WEIGHTS, tree(ownItem))).isEqualTo(new Marked(1, 400));
            assertThat(resources().measure(W1, DATASET, tree(x))).isEqualTo(Marked.NONE);
            assertThat(resources().measure(W1, MODEL, tree(TrashItemId.random()))).isEqualTo(Marked.NONE);
            assertThat(resources().measure(W2, MODEL, tree(x))).as("another workspace").isEqualTo(Marked.NONE);
            assertThat(resources().measure(W1, MODEL, tree(y))).as("another workspace's item").isEqualTo(Marked.NONE);
            assertThat(resources().measure(W2, MODEL, tree(y))).isEqualTo(new Marked(1, 2_000));
            assertThat(markOf(m1)).as("measuring changes nothing").contains(x);
        }

        @Test
        @DisplayName("R34 moveTo puts a trashed resource under another parent of its parent type; it stays marked, its "
                + "children stay its children")
        void moveTo() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef q = project(W1, "q1", 1);
            ResourceRef m = model(p, "m1", 10);
            ResourceRef w = child(WEIGHTS, m, "w1", 100);
            TrashItemId x = trashWith(m, MODEL_WEIGHTS);

            txRun(() -> resources().moveTo(W1, m, q));

            assertThat(backend.find(m).orElseThrow().resource().parent()).contains(q);
            assertThat(markOf(m)).contains(x);
            assertThat(backend.find(w).orElseThrow().resource().parent()).contains(m);
            assertThat(markOf(w)).contains(x);
            assertThat(tx(() -> resources().unmark(W1, MODEL, tree(x)))).isEqualTo(1);
            assertThat(resources().slugsInUse(W1, MODEL, Optional.of(q), "m1")).containsExactly("m1");
            assertThat(resources().slugsInUse(W1, MODEL, Optional.of(p), "m1")).isEmpty();
        }

        @Test
        @DisplayName("R34 R21 R44 moveTo refuses a resource or a parent that is missing or of another workspace "
                + "(NotFoundException), and a parent of another type (InvalidArgumentException), changing nothing")
        void moveToRefuses() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 10);
            ResourceRef foreign = project(W2, "p2", 1);
            ResourceRef d = dataset(W1, "d1", 1);
            ResourceRef q = project(W1, "q1", 1);
            trashWith(m);

            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W1, m, foreign)))
                    .isInstanceOf(dev.trash.NotFoundException.class);
            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W2, m, foreign)))
                    .isInstanceOf(dev.trash.NotFoundException.class);
            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W1, m, ResourceRef.of(PROJECT, "nope"))))
                    .isInstanceOf(dev.trash.NotFoundException.class);
            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W1, ResourceRef.of(MODEL, "nope"), p)))
                    .isInstanceOf(dev.trash.NotFoundException.class);
            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W1, m, d)))
                    .isInstanceOf(dev.trash.InvalidArgumentException.class);
            assertThatThrownBy(() -> txRun(() -> resources().moveTo(W1, p, q)))
                    .as("a type without parent").isInstanceOf(dev.trash.InvalidArgumentException.class);
            assertThat(backend.find(m).orElseThrow().resource().parent()).contains(p);
            assertThat(backend.exists(ResourceRef.of(MODEL, "nope"))).isFalse();
        }
    }

    @Nested
    @DisplayName("HostResources stay inside the workspace they are given")
    class Workspaces {
        @Test
        @DisplayName("R21 R44 every method called with another workspace ignores this workspace's rows")
        void everyMethodIgnoresOtherWorkspaces() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 10);
            ResourceRef w = child(WEIGHTS, m, "w1", 100);
            ResourceRef own = model(p, "own", 5);
            ResourceRef q = project(W1, "q1", 1);
            ResourceRef qm = model(q, "qm", 7);
            TrashItemId ownItem = trashWith(own);
            TrashItemId x = trashWith(p, PROJECT_MODEL, MODEL_WEIGHTS);
            TrashItemId y = trashWith(q); // marked alone: its model is still active
            TrashItemId fresh = TrashItemId.random();

            assertThat(resources().find(W2, p)).isEmpty();
            assertThat(resources().find(W2, q)).isEmpty();
            assertThat(tx(() -> resources().findForShare(W2, q))).isEmpty();
            assertThat(tx(() -> markRoot(W2, qm, fresh))).isFalse();
            assertThat(tx(() -> resources().markChildren(W2, PROJECT_MODEL, tree(y)))).isEqualTo(Marked.NONE);
            assertThat(markOf(qm)).as("not cascaded from another workspace").isEmpty();
            assertThat(tx(() -> resources().unmark(W2, PROJECT, tree(x)))).isZero();
            assertThat(tx(() -> resources().unmark(W2, MODEL, tree(x)))).isZero();
            assertThat(resources().slugsInUse(W2, MODEL, Optional.of(q), "qm")).isEmpty();
            assertThat(resources().slugsInUse(W2, PROJECT, Optional.empty(), "q1")).isEmpty();
            catchThrowable(() -> txRun(() -> resources().changeSlug(W2, p, "stolen")));
            assertThat(slugOf(p)).as("another workspace cannot rename it").contains("p1");
            assertThat(resources().nestedItems(W2, PROJECT_MODEL, trees(x))).isEmpty();
            assertThat(resources().marked(W2, PROJECT, tree(x))).isEmpty();
            assertThat(resources().marked(W2, WEIGHTS, tree(x))).isEmpty();
            assertThat(tx(() -> resources().purge(W2, WEIGHTS, trees(x)) + resources().purge(W2, MODEL, trees(x, ownItem))
                    + resources().purge(W2, PROJECT, trees(x, y)))).isZero();
            for (ResourceRef r : List.of(p, m, w, own, q)) {
                assertThat(backend.exists(r)).as("%s", r).isTrue();
                assertThat(markOf(r)).as("%s still marked", r).isPresent();
            }
            assertThat(markOf(qm)).isEmpty();

            // while in their own workspace the same calls do their work
            assertThat(resources().find(W1, p).orElseThrow().trashedBy()).contains(x);
            assertThat(resources().nestedItems(W1, PROJECT_MODEL, trees(x))).isEqualTo(Map.of(ownItem, x));
            assertThat(resources().marked(W1, WEIGHTS, tree(x))).containsExactly(w);
            assertThat(tx(() -> resources().markChildren(W1, PROJECT_MODEL, tree(y)))).isEqualTo(new Marked(1, 7));
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1")).isEmpty();
            assertThat(tx(() -> resources().unmark(W1, PROJECT, tree(y)))).isEqualTo(1);
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "q1")).containsExactly("q1");
        }

        @Test
        @DisplayName("R21 R44 markChildren never marks a child whose workspace differs from its parent's, and no "
                + "other method treats it as part of the parent's item")
        void childOfAnotherWorkspaceIsNeverCascaded() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef mine = model(p, "m1", 10);
            ResourceRef foreign = ResourceRef.of(MODEL, "foreign");
            addAcrossWorkspaces(new HostResource(foreign, W2, Optional.of(p), "Foreign", Optional.of("foreign"), 20));
            ResourceRef foreignWeights = ResourceRef.of(WEIGHTS, "foreign-w");
            backend.add(HostResource.child(foreignWeights, foreign, W2, "Foreign weights", 300));
            TrashItemId x = TrashItemId.random();

            Marked models = tx(() -> {
                assertThat(markRoot(W1, p, x)).isTrue();
                return resources().markChildren(W1, PROJECT_MODEL, tree(x));
            });
            Marked weights = tx(() -> resources().markChildren(W1, MODEL_WEIGHTS, tree(x)));

            assertThat(models).as("only the child of the parent's workspace").isEqualTo(new Marked(1, 10));
            assertThat(weights).isEqualTo(Marked.NONE);
            assertThat(markOf(mine)).contains(x);
            assertThat(markOf(foreign)).isEmpty();
            assertThat(markOf(foreignWeights)).isEmpty();
            assertThat(tx(() -> resources().markChildren(W2, PROJECT_MODEL, tree(x)))).isEqualTo(Marked.NONE);
            assertThat(markOf(foreign)).isEmpty();
            assertThat(resources().marked(W1, MODEL, tree(x))).containsExactly(mine);
            assertThat(resources().marked(W2, MODEL, tree(x))).isEmpty();

            // trashed on its own in its workspace, it is never nested in the parent's item
            TrashItemId y = TrashItemId.random();
            assertThat(tx(() -> markRoot(W2, foreign, y))).isTrue();
            assertThat(resources().nestedItems(W1, PROJECT_MODEL, trees(x))).isEmpty();
            assertThat(resources().nestedItems(W2, PROJECT_MODEL, trees(x))).isEmpty();
            assertThat(tx(() -> resources().unmark(W1, MODEL, tree(y)))).isZero();
            assertThat(markOf(foreign)).contains(y);
            assertThat(tx(() -> resources().unmark(W1, MODEL, tree(x)))).isEqualTo(1);
            assertThat(markOf(foreign)).contains(y);
        }
    }

    // ================================================================ TrashTransactions

    @Nested
    @DisplayName("TrashTransactions")
    class Transactions {
        @Test
        @DisplayName("commits what store and resources did when the work returns, and returns its value")
        void commits() {
            ResourceRef p = project(W1, "p1", 1);
            TrashRecord r = record(W1, PROJECT, START, START.plus(RETENTION), 1);

            String value = tx(() -> {
                store().insert(r);
                markRoot(W1, p, r.id());
                return "done";
            });

            assertThat(value).isEqualTo("done");
            assertThat(store().find(W1, r.id())).contains(r);
            assertThat(markOf(p)).contains(r.id());
        }

        @Test
        @DisplayName("rolls back insert, mark and markChildren when the work throws, and rethrows the same exception")
        void rollsBackDelete() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 1);
            TrashRecord r = record(W1, PROJECT, START, START.plus(RETENTION), 1);
            IllegalStateException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> tx(() -> {
                store().insert(r);
                markRoot(W1, p, r.id());
                resources().markChildren(W1, PROJECT_MODEL, tree(r.id()));
                assertThat(store().find(W1, r.id())).as("own writes are visible inside").contains(r);
                assertThat(markOf(m)).contains(r.id());
                throw boom;
            })).isSameAs(boom);

            assertThat(store().find(W1, r.id())).isEmpty();
            assertThat(isActive(p)).isTrue();
            assertThat(isActive(m)).isTrue();
            assertThat(resources().slugsInUse(W1, PROJECT, Optional.empty(), "p1").contains("p1")).isTrue();
        }

        @Test
        @DisplayName("rolls back remove, changeSlug and unmark when the work throws")
        void rollsBackRestore() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 1);
            TrashRecord r = record(W1, PROJECT, START, START.plus(RETENTION), 1);
            txRun(() -> {
                markRoot(W1, p, r.id());
                resources().markChildren(W1, PROJECT_MODEL, tree(r.id()));
                store().insert(r);
            });

            assertThatThrownBy(() -> txRun(() -> {
                assertThat(store().remove(W1, r.id(), States.listed(NOW))).isTrue();
                resources().changeSlug(W1, p, "p1-2");
                resources().unmark(W1, PROJECT, tree(r.id()));
                resources().unmark(W1, MODEL, tree(r.id()));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(store().find(W1, r.id())).contains(r);
            assertThat(markOf(p)).contains(r.id());
            assertThat(markOf(m)).contains(r.id());
            assertThat(slugOf(p)).contains("p1");
        }

        @Test
        @DisplayName("a SlugTakenException thrown by unmark rolls back the unmarks before it")
        void slugTakenRollsBack() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 1);
            TrashItemId x = trashWith(p, PROJECT_MODEL);
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "new"), W1, "New", "p1", 1));

            assertThatThrownBy(() -> tx(() -> {
                assertThat(resources().unmark(W1, MODEL, tree(x))).isEqualTo(1);
                return resources().unmark(W1, PROJECT, tree(x));
            })).isInstanceOf(SlugTakenException.class);

            assertThat(markOf(m)).contains(x);
            assertThat(markOf(p)).contains(x);
        }

        @Test
        @DisplayName("rolls back claim, removeAll, purge of rows and the ledger when the work throws")
        void rollsBackPurge() {
            ResourceRef d = dataset(W1, "d1", 7);
            ResourceRef img = child(IMAGE, d, "img", 3);
            TrashRecord r = record(W1, DATASET, START, START.plus(RETENTION), 10);
            txRun(() -> {
                markRoot(W1, d, r.id());
                resources().markChildren(W1, DATASET_IMAGE, tree(r.id()));
                store().insert(r);
            });

            assertThatThrownBy(() -> txRun(() -> {
                assertThat(store().claim(W1, List.of(r.id()), States.claimable(NOW), claim("p", NOW))).hasSize(1);
                assertThat(store().removeAll(W1, List.of(r.id()), States.ownedBy("p"))).containsExactly(r.id());
                resources().purge(W1, IMAGE, trees(r.id()));
                resources().purge(W1, DATASET, trees(r.id()));
                backend.ledger().freed(W1, r.id(), 10);
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(store().find(W1, r.id())).contains(r);
            assertThat(markOf(d)).contains(r.id());
            assertThat(markOf(img)).contains(r.id());
            assertThat(backend.timesFreed(r.id())).isZero();
            assertThat(backend.freedBytes(W1)).isZero();
        }

        @Test
        @DisplayName("afterCommit runs the action after the commit, once, and drops it on rollback")
        void afterCommit() {
            List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
            ResourceRef p = project(W1, "p1", 1);

            txRun(() -> {
                transactions().afterCommit(() -> ran.add("committed: " + isActive(p)));
                markRoot(W1, p, TrashItemId.random());
                assertThat(ran).as("not before the commit").isEmpty();
            });
            assertThat(ran).containsExactly("committed: false");

            assertThatThrownBy(() -> txRun(() -> {
                transactions().afterCommit(() -> ran.add("rolled back"));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(ran).as("dropped on rollback").containsExactly("committed: false");

            assertThatThrownBy(() -> transactions().afterCommit(() -> ran.add("outside")))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(ran).hasSize(1);
        }

        @Test
        @DisplayName("afterCommit inside a nested inTransaction waits for the outer commit, and is dropped if the outer one fails")
        void afterCommitNested() {
            List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

            txRun(() -> {
                txRun(() -> transactions().afterCommit(() -> ran.add("inner")));
                assertThat(ran).as("the inner work returned, but the outer transaction is still open").isEmpty();
            });
            assertThat(ran).containsExactly("inner");

            assertThatThrownBy(() -> txRun(() -> {
                txRun(() -> transactions().afterCommit(() -> ran.add("inner of failed")));
                throw new IllegalStateException("outer fails");
            })).hasMessage("outer fails");
            assertThat(ran).containsExactly("inner");
        }

        @Test
        @DisplayName("a nested inTransaction joins the outer one: the outer failure rolls back the inner work")
        void nestedJoins() {
            ResourceRef p = project(W1, "p1", 1);
            TrashRecord r = record(W1, PROJECT, START, START.plus(RETENTION), 1);

            assertThatThrownBy(() -> txRun(() -> {
                String inner = tx(() -> {
                    store().insert(r);
                    markRoot(W1, p, r.id());
                    return "inner";
                });
                assertThat(inner).isEqualTo("inner");
                assertThat(store().find(W1, r.id())).contains(r);
                throw new IllegalStateException("outer fails after the inner returned");
            })).hasMessageContaining("outer fails");

            assertThat(store().find(W1, r.id())).isEmpty();
            assertThat(isActive(p)).isTrue();
        }
    }
}
