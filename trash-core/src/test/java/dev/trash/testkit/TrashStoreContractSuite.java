package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Claim;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.Marked;
import dev.trash.spi.PurgeState;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TypeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store contract: what every {@link TrashStore}, {@link HostResources} and
 * {@link dev.trash.spi.TrashTransactions} must do, tested on the ports directly (no manager), so
 * that an adapter's bug shows up here with the port method's name rather than as a broken rule
 * in the behaviour suite. Writes run inside {@code inTransaction}, as the manager calls them.
 * A store runs it by extending this class and returning its backend.
 */
public abstract class TrashStoreContractSuite extends TrashFixture {
    /** The time the store is asked about in most tests: microsecond precision, as stores keep it. */
    private static final Instant NOW = START.plus(Duration.ofDays(3));
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration LEASE = Duration.ofMinutes(10);

    private static final TypeLink PROJECT_MODEL = new TypeLink(PROJECT, MODEL);
    private static final TypeLink MODEL_WEIGHTS = new TypeLink(MODEL, WEIGHTS);
    private static final TypeLink DATASET_IMAGE = new TypeLink(DATASET, IMAGE);
    private static final TypeLink DATASET_ANNOTATION = new TypeLink(DATASET, ANNOTATION);

    // ---------------------------------------------------------------- helpers

    private TrashStore store() {
        return backend.store();
    }

    private HostResources resources() {
        return backend.resources();
    }

    /** Runs {@code work} in one transaction of the backend. */
    private <T> T tx(Supplier<T> work) {
        return backend.transactions().inTransaction(work);
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

    /** A project record of W1, expired at {@link #NOW} (deleted before it, expiring {@code before} it). */
    private static TrashRecord expired(Duration before) {
        Instant expiresAt = NOW.minus(before);
        return record(W1, PROJECT, expiresAt.minus(RETENTION), expiresAt, 1);
    }

    private TrashRecord insert(TrashRecord record) {
        txRun(() -> store().insert(record));
        return record;
    }

    private static Claim claim(String owner, Instant now) {
        return new Claim(owner, now, now.plus(LEASE));
    }

    /** Inserts {@code record} and lets {@code owner} claim it at {@code at}: it is then being purged, held until {@code at + LEASE}. */
    private TrashRecord insertClaimed(TrashRecord record, String owner, Instant at) {
        insert(record);
        List<TrashRecord> got = tx(() -> store().claim(List.of(record.id()), claim(owner, at)));
        assertThat(got).as("claim of a fresh record").extracting(TrashRecord::id).containsExactly(record.id());
        return got.get(0);
    }

    /** Inserts {@code record}, claims it and releases it after a failure: claimable by anyone from {@code availableAt}. */
    private TrashRecord insertReleased(TrashRecord record, Instant availableAt, String error) {
        insertClaimed(record, "failed-worker", NOW.minus(Duration.ofHours(1)));
        txRun(() -> store().release(List.of(record.id()), "failed-worker", availableAt, Optional.of(error)));
        return store().find(record.workspace(), record.id()).orElseThrow();
    }

    private List<TrashItemId> list(WorkspaceId ws, Set<String> types, SortOrder order, Optional<Keyset> after,
                                   int limit, Instant now) {
        return store().list(ws, new ListRequest(types, order, after, limit, now)).stream().map(TrashRecord::id).toList();
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

    private static Keyset keyset(TrashRecord r) {
        return new Keyset(r.deletedAt(), r.id());
    }

    private Optional<TrashItemId> markOf(ResourceRef ref) {
        return resources().find(ref).orElseThrow(() -> new AssertionError(ref + " does not exist")).trashedBy();
    }

    /** Marks {@code root} with a new item and cascades along {@code links}, in one transaction. */
    private TrashItemId trashWith(ResourceRef root, TypeLink... links) {
        TrashItemId item = TrashItemId.random();
        txRun(() -> {
            assertThat(resources().mark(root, item)).as("mark " + root).isTrue();
            for (TypeLink link : links) {
                resources().markChildren(link, item);
            }
        });
        return item;
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
        @DisplayName("R21 find with another workspace, or an unknown id, is empty")
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

            assertThat(store().find(W1, old.id())).contains(old);
            assertThat(store().find(W1, claimed.id())).contains(claimed);
            assertThat(claimed.purge()).contains(new PurgeState("worker-1", NOW.plus(LEASE), 0, Optional.empty()));
        }
    }

    // ================================================================ TrashStore: list

    @Nested
    @DisplayName("TrashStore list")
    class Listing {
        @Test
        @DisplayName("lists only restorable records of the workspace: not purging, expiring strictly after now")
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
        @DisplayName("R21 another workspace's records are never listed")
        void isolation() {
            insert(listed(W1, 1));
            TrashRecord other = insert(listed(W2, 1));

            assertThat(list(W2, Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW)).containsExactly(other.id());
            assertThat(list(WorkspaceId.of("w3"), Set.of(), SortOrder.NEWEST_FIRST, Optional.empty(), 100, NOW)).isEmpty();
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
            for (SortOrder order : SortOrder.values()) {
                List<TrashItemId> seen = new ArrayList<>();
                Optional<Keyset> after = Optional.empty();
                for (int pages = 0; pages < 10; pages++) {
                    List<TrashRecord> page = store().list(W1, new ListRequest(Set.of(), order, after, 2, NOW));
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
        @DisplayName("returns at most limit records, the first ones in order, skipping unlisted ones")
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

    // ================================================================ TrashStore: removeRestorable

    @Nested
    @DisplayName("TrashStore removeRestorable")
    class RemoveRestorable {
        @Test
        @DisplayName("removes a restorable record once; a second call is false")
        void removesOnce() {
            TrashRecord r = insert(listed(W1, 1));

            assertThat(tx(() -> store().removeRestorable(W1, r.id(), NOW))).isTrue();
            assertThat(store().find(W1, r.id())).isEmpty();
            assertThat(tx(() -> store().removeRestorable(W1, r.id(), NOW))).isFalse();
        }

        @Test
        @DisplayName("is false and changes nothing when expired (also exactly at expiresAt), claimed, released, of another workspace, or missing")
        void conditional() {
            TrashRecord expired = insert(expired(Duration.ofSeconds(1)));
            TrashRecord atExpiry = insert(record(W1, PROJECT, START, NOW, 1));
            TrashRecord claimed = insertClaimed(listed(W1, 1), "worker", NOW);
            TrashRecord released = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord other = insert(listed(W2, 1));

            for (TrashRecord r : List.of(expired, atExpiry, claimed, released)) {
                assertThat(tx(() -> store().removeRestorable(W1, r.id(), NOW))).as(r.toString()).isFalse();
                assertThat(store().find(W1, r.id())).contains(r);
            }
            assertThat(tx(() -> store().removeRestorable(W1, other.id(), NOW))).isFalse();
            assertThat(store().find(W2, other.id())).contains(other);
            assertThat(tx(() -> store().removeRestorable(W1, TrashItemId.random(), NOW))).isFalse();
        }

        @Test
        @DisplayName("uses the given now: a record is removable one microsecond before its expiry")
        void usesNow() {
            TrashRecord r = insert(record(W1, PROJECT, START, NOW, 1));

            assertThat(tx(() -> store().removeRestorable(W1, r.id(), NOW.minusNanos(1_000)))).isTrue();
        }
    }

    // ================================================================ TrashStore: claims

    @Nested
    @DisplayName("TrashStore claimDue, claim, claimWorkspace")
    class Claims {
        @Test
        @DisplayName("claimDue takes expired records (expiresAt <= now) and released ones with availableAt <= now, of every workspace")
        void claimDue() {
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord atExpiry = insert(record(W1, PROJECT, START, NOW, 1));
            TrashRecord notYet = insert(record(W1, PROJECT, START, NOW.plusNanos(1_000), 1));
            TrashRecord held = insertClaimed(expired(Duration.ofDays(2)), "other", NOW.minusSeconds(60));
            TrashRecord retry = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord retryNow = insertReleased(listed(W1, 1), NOW, "boom");
            TrashRecord retryLater = insertReleased(expired(Duration.ofDays(3)), NOW.plusSeconds(1), "boom");
            TrashRecord otherWorkspace = insert(record(W2, DATASET, START, NOW.minusSeconds(5), 1));

            Claim mine = claim("sweeper-a", NOW);
            List<TrashRecord> got = tx(() -> store().claimDue(mine, 100));

            assertThat(ids(got)).containsExactlyInAnyOrder(expired.id(), atExpiry.id(), retry.id(), retryNow.id(),
                    otherWorkspace.id());
            for (TrashRecord r : got) {
                PurgeState state = r.purge().orElseThrow();
                assertThat(state.owner()).isEqualTo("sweeper-a");
                assertThat(state.availableAt()).isEqualTo(mine.leaseUntil());
                assertThat(store().find(r.workspace(), r.id())).contains(r);
            }
            // a retried record keeps its failure count and last error
            TrashRecord retried = got.stream().filter(r -> r.id().equals(retry.id())).findFirst().orElseThrow();
            assertThat(retried.purge().orElseThrow().attempts()).isEqualTo(1);
            assertThat(retried.purge().orElseThrow().lastError()).contains("boom");
            // untouched
            assertThat(store().find(W1, notYet.id())).contains(notYet);
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, retryLater.id())).contains(retryLater);
            // the claimed ones are held now: another worker gets nothing
            assertThat(tx(() -> store().claimDue(claim("sweeper-b", NOW), 100))).isEmpty();
        }

        @Test
        @DisplayName("claimDue respects the limit, and successive claims take disjoint records until none is left")
        void claimDueLimit() {
            List<TrashItemId> due = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                due.add(insert(expired(Duration.ofMinutes(i + 1))).id());
            }

            List<TrashItemId> claimed = new ArrayList<>();
            for (String owner : List.of("a", "b", "c")) {
                List<TrashRecord> got = tx(() -> store().claimDue(claim(owner, NOW), 2));
                assertThat(got).hasSize(owner.equals("c") ? 1 : 2);
                claimed.addAll(ids(got));
            }
            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
            assertThat(tx(() -> store().claimDue(claim("d", NOW), 2))).isEmpty();
        }

        @Test
        @DisplayName("claimDue takes over a record whose lease has run out")
        void leaseRunsOut() {
            TrashRecord held = insertClaimed(expired(Duration.ofDays(1)), "dead-sweeper", NOW);

            assertThat(tx(() -> store().claimDue(claim("alive", NOW.plus(LEASE).minusNanos(1_000)), 10))).isEmpty();
            List<TrashRecord> got = tx(() -> store().claimDue(claim("alive", NOW.plus(LEASE)), 10));

            assertThat(ids(got)).containsExactly(held.id());
            assertThat(got.get(0).purge().orElseThrow().owner()).isEqualTo("alive");
        }

        @Test
        @DisplayName("claim(ids) takes records in the Trash whether expired or not, of any workspace, and released ones that are available")
        void claimIds() {
            TrashRecord listed = insert(listed(W1, 1));
            TrashRecord expired = insert(expired(Duration.ofDays(1)));
            TrashRecord otherWorkspace = insert(listed(W2, 1));
            TrashRecord available = insertReleased(listed(W1, 1), NOW, "boom");
            TrashRecord held = insertClaimed(listed(W1, 1), "other", NOW);
            TrashRecord releasedLater = insertReleased(listed(W1, 1), NOW.plusSeconds(1), "boom");
            TrashItemId missing = TrashItemId.random();

            Claim mine = claim("purge-1", NOW);
            List<TrashRecord> got = tx(() -> store().claim(List.of(listed.id(), expired.id(), otherWorkspace.id(),
                    available.id(), held.id(), releasedLater.id(), missing), mine));

            assertThat(ids(got)).containsExactlyInAnyOrder(listed.id(), expired.id(), otherWorkspace.id(), available.id());
            assertThat(got).allSatisfy(r -> {
                assertThat(r.purge().orElseThrow().owner()).isEqualTo("purge-1");
                assertThat(r.purge().orElseThrow().availableAt()).isEqualTo(mine.leaseUntil());
                assertThat(store().find(r.workspace(), r.id())).contains(r);
            });
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, releasedLater.id())).contains(releasedLater);
            assertThat(store().find(W1, missing)).isEmpty();
            // claimed once: the same ids cannot be claimed again by someone else
            assertThat(tx(() -> store().claim(List.of(listed.id(), expired.id()), claim("purge-2", NOW)))).isEmpty();
        }

        @Test
        @DisplayName("claimWorkspace takes only records of that workspace that are in the Trash (expired or not), up to the limit")
        void claimWorkspace() {
            TrashRecord a = insert(listed(W1, 1));
            TrashRecord b = insert(expired(Duration.ofDays(1)));
            TrashRecord c = insert(deletedAt(START.plusSeconds(5)));
            TrashRecord held = insertClaimed(listed(W1, 1), "other", NOW);
            TrashRecord released = insertReleased(listed(W1, 1), NOW.minusSeconds(1), "boom");
            TrashRecord otherWorkspace = insert(listed(W2, 1));

            List<TrashItemId> claimed = new ArrayList<>();
            List<TrashRecord> first = tx(() -> store().claimWorkspace(W1, claim("empty-1", NOW), 2));
            assertThat(first).hasSize(2);
            claimed.addAll(ids(first));
            List<TrashRecord> second = tx(() -> store().claimWorkspace(W1, claim("empty-1", NOW), 2));
            assertThat(second).hasSize(1);
            claimed.addAll(ids(second));

            assertThat(claimed).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
            assertThat(first).allSatisfy(r -> assertThat(r.purge().orElseThrow().owner()).isEqualTo("empty-1"));
            assertThat(tx(() -> store().claimWorkspace(W1, claim("empty-2", NOW), 2))).isEmpty();
            assertThat(store().find(W1, held.id())).contains(held);
            assertThat(store().find(W1, released.id())).contains(released);
            assertThat(store().find(W2, otherWorkspace.id())).contains(otherWorkspace);
        }
    }

    // ================================================================ TrashStore: release / removeClaimed

    @Nested
    @DisplayName("TrashStore release and removeClaimed")
    class ReleaseRemove {
        @Test
        @DisplayName("release: the owner's records get availableAt, and with a failure one more attempt and the error; "
                + "others' are untouched")
        void release() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);
            TrashRecord b = insertClaimed(expired(Duration.ofDays(1)), "me", NOW);
            TrashRecord theirs = insertClaimed(listed(W1, 1), "them", NOW);
            TrashRecord active = insert(listed(W1, 1));
            Instant retryAt = NOW.plus(Duration.ofHours(1));

            txRun(() -> store().release(List.of(a.id(), b.id(), theirs.id(), active.id(), TrashItemId.random()), "me",
                    retryAt, Optional.of("file store down")));

            for (TrashRecord r : List.of(a, b)) {
                assertThat(store().find(W1, r.id()).orElseThrow().purge())
                        .contains(new PurgeState("me", retryAt, 1, Optional.of("file store down")));
            }
            assertThat(store().find(W1, theirs.id())).contains(theirs);
            assertThat(store().find(W1, active.id())).contains(active);

            // a second failure counts again; the record is due only from availableAt
            txRun(() -> store().release(List.of(a.id()), "me", retryAt, Optional.of("still down")));
            assertThat(store().find(W1, a.id()).orElseThrow().purge())
                    .contains(new PurgeState("me", retryAt, 2, Optional.of("still down")));
            // handed back without a failure (it waited for another worker): attempts and error stay
            Instant later = retryAt.plus(Duration.ofMinutes(1));
            txRun(() -> store().release(List.of(a.id()), "me", later, Optional.empty()));
            assertThat(store().find(W1, a.id()).orElseThrow().purge())
                    .contains(new PurgeState("me", later, 2, Optional.of("still down")));
            txRun(() -> store().release(List.of(a.id()), "me", retryAt, Optional.of("still down")));
            // just before availableAt only the other worker's record is due (its lease ran out), at it ours are
            assertThat(ids(tx(() -> store().claimDue(claim("x", retryAt.minusNanos(1_000)), 10))))
                    .containsExactly(theirs.id());
            assertThat(ids(tx(() -> store().claimDue(claim("y", retryAt), 10)))).containsExactlyInAnyOrder(a.id(), b.id());
        }

        @Test
        @DisplayName("removeClaimed removes only the records still owned by the owner and returns their ids")
        void removeClaimed() {
            TrashRecord a = insertClaimed(listed(W1, 1), "me", NOW);
            TrashRecord b = insertClaimed(listed(W2, 1), "me", NOW);
            TrashRecord theirs = insertClaimed(listed(W1, 1), "them", NOW);
            TrashRecord active = insert(listed(W1, 1));
            TrashItemId missing = TrashItemId.random();

            Set<TrashItemId> removed = tx(() -> store().removeClaimed(
                    List.of(a.id(), b.id(), theirs.id(), active.id(), missing), "me"));

            assertThat(removed).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(store().find(W1, a.id())).isEmpty();
            assertThat(store().find(W2, b.id())).isEmpty();
            assertThat(store().find(W1, theirs.id())).contains(theirs);
            assertThat(store().find(W1, active.id())).contains(active);
            assertThat(tx(() -> store().removeClaimed(List.of(a.id(), b.id()), "me"))).isEmpty();
        }

        @Test
        @DisplayName("removeClaimed fails for a worker whose lease another worker took over")
        void removeAfterTakeover() {
            TrashRecord r = insertClaimed(expired(Duration.ofDays(1)), "slow", NOW);
            assertThat(ids(tx(() -> store().claimDue(claim("fast", NOW.plus(LEASE)), 10)))).containsExactly(r.id());

            assertThat(tx(() -> store().removeClaimed(List.of(r.id()), "slow"))).isEmpty();
            assertThat(tx(() -> store().removeClaimed(List.of(r.id()), "fast"))).containsExactly(r.id());
        }
    }

    // ================================================================ TrashStore: summarize / largest

    @Nested
    @DisplayName("TrashStore summarize and largest")
    class Summaries {
        @Test
        @DisplayName("summarize: listed items in total and per root type; expired, claimed and released ones as purging")
        void summarize() {
            insert(record(W1, PROJECT, START, START.plus(RETENTION), 100));
            insert(record(W1, PROJECT, START.plusSeconds(1), START.plus(RETENTION), 50));
            insert(record(W1, DATASET, START, START.plus(RETENTION), 30));
            insert(record(W1, MODEL, START, NOW, 5_000)); // expired, not yet claimed
            insertClaimed(record(W1, MODEL, START, START.plus(RETENTION), 4_000), "w", NOW);
            insertReleased(record(W1, DATASET, START, START.plus(RETENTION), 13), NOW.minusSeconds(1), "boom");
            insert(record(W2, PROJECT, START, START.plus(RETENTION), 1_000));

            StorageSummary s = store().summarize(W1, NOW);
            assertThat(s.workspace()).isEqualTo(W1);
            assertThat(s.items()).isEqualTo(3);
            assertThat(s.bytes()).isEqualTo(180);
            assertThat(s.byType()).isEqualTo(Map.of(PROJECT, new TypeUsage(2, 150), DATASET, new TypeUsage(1, 30)));
            assertThat(s.purgingItems()).isEqualTo(3);
            assertThat(s.purgingBytes()).isEqualTo(9_013);

            StorageSummary w2 = store().summarize(W2, NOW);
            assertThat(w2).isEqualTo(new StorageSummary(W2, 1, 1_000, Map.of(PROJECT, new TypeUsage(1, 1_000)), 0, 0));
            assertThat(store().summarize(WorkspaceId.of("empty"), NOW))
                    .isEqualTo(new StorageSummary(WorkspaceId.of("empty"), 0, 0, Map.of(), 0, 0));
        }

        @Test
        @DisplayName("largest: the listed records of the workspace, largest first, at most limit")
        void largest() {
            TrashRecord a = insert(record(W1, PROJECT, START, START.plus(RETENTION), 100));
            TrashRecord b = insert(record(W1, MODEL, START, START.plus(RETENTION), 50));
            TrashRecord c = insert(record(W1, DATASET, START, START.plus(RETENTION), 75));
            TrashRecord d = insert(record(W1, DATASET, START, START.plus(RETENTION), 10));
            insert(record(W1, PROJECT, START, NOW, 5_000));
            insertClaimed(record(W1, PROJECT, START, START.plus(RETENTION), 4_000), "w", NOW);
            insert(record(W2, PROJECT, START, START.plus(RETENTION), 3_000));

            assertThat(ids(store().largest(W1, NOW, 2))).containsExactly(a.id(), c.id());
            assertThat(ids(store().largest(W1, NOW, 10))).containsExactly(a.id(), c.id(), b.id(), d.id());
            assertThat(store().largest(WorkspaceId.of("empty"), NOW, 10)).isEmpty();
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

            ResourceState ps = resources().find(p).orElseThrow();
            assertThat(ps.resource()).isEqualTo(HostResource.root(p, W1, "Project p1", "p1", 100));
            assertThat(ps.active()).isTrue();
            ResourceState ms = resources().find(m).orElseThrow();
            assertThat(ms.resource()).isEqualTo(new HostResource(m, W1, Optional.of(p), "Model m1", Optional.of("m1"), 10));
            assertThat(ms.trashedBy()).isEmpty();
            assertThat(resources().find(ResourceRef.of(PROJECT, "nope"))).isEmpty();
            assertThat(resources().find(ResourceRef.of(MODEL, "p1"))).as("ids are per type").isEmpty();
        }

        @Test
        @DisplayName("mark marks an active resource only: false when already marked (by any item) or missing")
        void mark() {
            ResourceRef p = project(W1, "p1", 100);
            TrashItemId x = TrashItemId.random();

            assertThat(tx(() -> resources().mark(p, x))).isTrue();
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> resources().mark(p, x))).isFalse();
            assertThat(tx(() -> resources().mark(p, TrashItemId.random()))).isFalse();
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> resources().mark(ResourceRef.of(PROJECT, "nope"), x))).isFalse();
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
                resources().mark(p, x);
                return resources().markChildren(PROJECT_MODEL, x);
            });
            Marked weights = tx(() -> resources().markChildren(MODEL_WEIGHTS, x));
            Marked again = tx(() -> resources().markChildren(PROJECT_MODEL, x));
            Marked nothing = tx(() -> resources().markChildren(DATASET_IMAGE, x));

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
        @DisplayName("unmark clears exactly the item's marks per type and counts them")
        void unmark() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m1 = model(p, "m1", 1);
            ResourceRef m2 = model(p, "m2", 1);
            ResourceRef w1 = child(WEIGHTS, m1, "w1", 1);
            ResourceRef w2 = child(WEIGHTS, m2, "w2", 1);
            ResourceRef w3 = child(WEIGHTS, m1, "w3", 1);
            TrashItemId own = trashWith(m2, MODEL_WEIGHTS);
            TrashItemId x = trashWith(p, PROJECT_MODEL, MODEL_WEIGHTS);

            long projects = tx(() -> resources().unmark(PROJECT, x));
            long models = tx(() -> resources().unmark(MODEL, x));
            long weights = tx(() -> resources().unmark(WEIGHTS, x));

            assertThat(List.of(projects, models, weights)).containsExactly(1L, 1L, 2L);
            assertThat(List.of(p, m1, w1, w3)).allSatisfy(r -> assertThat(isActive(r)).as(r.toString()).isTrue());
            assertThat(markOf(m2)).contains(own);
            assertThat(markOf(w2)).contains(own);
            assertThat(tx(() -> resources().unmark(PROJECT, x))).isZero();
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

            assertThatThrownBy(() -> tx(() -> resources().unmark(PROJECT, x))).isInstanceOf(SlugTakenException.class);
            assertThat(markOf(p)).contains(x);
            assertThat(tx(() -> resources().unmark(PROJECT, y))).isEqualTo(1);
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

            assertThatThrownBy(() -> tx(() -> resources().unmark(MODEL, x))).isInstanceOf(SlugTakenException.class);
            assertThat(markOf(m)).contains(x);
            assertThat(tx(() -> resources().unmark(MODEL, y))).isEqualTo(1);
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

            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "p1").contains("p1")).isTrue();
            assertThat(resources().slugsInUse(PROJECT, W2, Optional.empty(), "p1").contains("p1")).isFalse();
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "t1").contains("t1")).as("trashed").isFalse();
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "p1-data").contains("p1-data")).as("other type").isFalse();
            assertThat(resources().slugsInUse(DATASET, W1, Optional.empty(), "p1-data").contains("p1-data")).isTrue();
            assertThat(resources().slugsInUse(MODEL, W1, Optional.of(p), "m1").contains("m1")).isTrue();
            assertThat(resources().slugsInUse(MODEL, W1, Optional.of(q), "m1").contains("m1")).as("other project").isFalse();
            assertThat(resources().slugsInUse(MODEL, W1, Optional.of(p), "m2").contains("m2")).as("trashed").isFalse();
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

            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "cats"))
                    .containsExactlyInAnyOrder("cats", "cats-2", "cats-10", "cats-draft");
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "cats%"))
                    .as("LIKE wildcards in the base are plain characters").containsExactly("cats%-4");
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "cats_")).as("no match for _").isEmpty();
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "mice")).isEmpty();
        }

        @Test
        @DisplayName("changeSlug renames a trashed resource; unmark then brings it back under the new slug")
        void changeSlug() {
            ResourceRef p = project(W1, "p1", 1);
            TrashItemId x = trashWith(p);
            backend.add(HostResource.root(ResourceRef.of(PROJECT, "new"), W1, "New", "p1", 1));

            txRun(() -> resources().changeSlug(p, "p1-2"));
            assertThat(slugOf(p)).contains("p1-2");
            assertThat(markOf(p)).contains(x);
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "p1-2").contains("p1-2")).as("still trashed").isFalse();

            assertThat(tx(() -> resources().unmark(PROJECT, x))).isEqualTo(1);
            assertThat(isActive(p)).isTrue();
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "p1-2").contains("p1-2")).isTrue();
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

            assertThat(resources().nestedItems(PROJECT_MODEL, List.of(x))).isEqualTo(Map.of(y2, x, y3, x));
            assertThat(resources().nestedItems(PROJECT_MODEL, List.of(x, y2)))
                    .as("a child's item is reported even when it is among the given ones").isEqualTo(Map.of(y2, x, y3, x));
            assertThat(resources().nestedItems(MODEL_WEIGHTS, List.of(y3))).isEqualTo(Map.of(z, y3));
            assertThat(resources().nestedItems(MODEL_WEIGHTS, List.of(x))).as("m3 is not marked with x").isEmpty();
            assertThat(resources().nestedItems(DATASET_IMAGE, List.of(x, y2, y3))).isEmpty();
            assertThat(resources().nestedItems(PROJECT_MODEL, List.of(yq))).isEmpty();
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
                    resources().purge(IMAGE, List.of(x, y)),
                    resources().purge(ANNOTATION, List.of(x, y)),
                    resources().purge(DATASET, List.of(x, y))});

            assertThat(counts).containsExactly(4, 2, 2);
            List<ResourceRef> gone = new ArrayList<>(List.of(d, e, eImage));
            gone.addAll(images);
            gone.addAll(annotations);
            assertThat(gone).allSatisfy(r -> assertThat(backend.exists(r)).as(r.toString()).isFalse());
            assertThat(isActive(f)).isTrue();
            assertThat(isActive(fImage)).isTrue();
            assertThat(markOf(g)).contains(kept);
            assertThat(markOf(gImage)).contains(kept);
            assertThat(tx(() -> resources().purge(DATASET, List.of(x, TrashItemId.random())))).isZero();
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

            assertThat(resources().marked(IMAGE, x)).containsExactlyInAnyOrderElementsOf(images);
            assertThat(resources().marked(DATASET, x)).containsExactly(d);
            assertThat(resources().marked(ANNOTATION, x)).isEmpty();
            assertThat(resources().marked(IMAGE, ownItem)).containsExactly(own);
            assertThat(resources().marked(IMAGE, TrashItemId.random())).isEmpty();
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
                resources().mark(p, r.id());
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
                resources().mark(p, r.id());
                resources().markChildren(PROJECT_MODEL, r.id());
                assertThat(store().find(W1, r.id())).as("own writes are visible inside").contains(r);
                assertThat(markOf(m)).contains(r.id());
                throw boom;
            })).isSameAs(boom);

            assertThat(store().find(W1, r.id())).isEmpty();
            assertThat(isActive(p)).isTrue();
            assertThat(isActive(m)).isTrue();
            assertThat(resources().slugsInUse(PROJECT, W1, Optional.empty(), "p1").contains("p1")).isTrue();
        }

        @Test
        @DisplayName("rolls back removeRestorable, changeSlug and unmark when the work throws")
        void rollsBackRestore() {
            ResourceRef p = project(W1, "p1", 1);
            ResourceRef m = model(p, "m1", 1);
            TrashRecord r = record(W1, PROJECT, START, START.plus(RETENTION), 1);
            txRun(() -> {
                resources().mark(p, r.id());
                resources().markChildren(PROJECT_MODEL, r.id());
                store().insert(r);
            });

            assertThatThrownBy(() -> txRun(() -> {
                assertThat(store().removeRestorable(W1, r.id(), NOW)).isTrue();
                resources().changeSlug(p, "p1-2");
                resources().unmark(PROJECT, r.id());
                resources().unmark(MODEL, r.id());
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
                assertThat(resources().unmark(MODEL, x)).isEqualTo(1);
                return resources().unmark(PROJECT, x);
            })).isInstanceOf(SlugTakenException.class);

            assertThat(markOf(m)).contains(x);
            assertThat(markOf(p)).contains(x);
        }

        @Test
        @DisplayName("rolls back claim, removeClaimed, purge of rows and the ledger when the work throws")
        void rollsBackPurge() {
            ResourceRef d = dataset(W1, "d1", 7);
            ResourceRef img = child(IMAGE, d, "img", 3);
            TrashRecord r = record(W1, DATASET, START, START.plus(RETENTION), 10);
            txRun(() -> {
                resources().mark(d, r.id());
                resources().markChildren(DATASET_IMAGE, r.id());
                store().insert(r);
            });

            assertThatThrownBy(() -> txRun(() -> {
                assertThat(store().claim(List.of(r.id()), claim("p", NOW))).hasSize(1);
                assertThat(store().removeClaimed(List.of(r.id()), "p")).containsExactly(r.id());
                resources().purge(IMAGE, List.of(r.id()));
                resources().purge(DATASET, List.of(r.id()));
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
                backend.transactions().afterCommit(() -> ran.add("committed: " + isActive(p)));
                resources().mark(p, TrashItemId.random());
                assertThat(ran).as("not before the commit").isEmpty();
            });
            assertThat(ran).containsExactly("committed: false");

            assertThatThrownBy(() -> txRun(() -> {
                backend.transactions().afterCommit(() -> ran.add("rolled back"));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(ran).as("dropped on rollback").containsExactly("committed: false");

            assertThatThrownBy(() -> backend.transactions().afterCommit(() -> ran.add("outside")))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(ran).hasSize(1);
        }

        @Test
        @DisplayName("afterCommit inside a nested inTransaction waits for the outer commit, and is dropped if the outer one fails")
        void afterCommitNested() {
            List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

            txRun(() -> {
                txRun(() -> backend.transactions().afterCommit(() -> ran.add("inner")));
                assertThat(ran).as("the inner work returned, but the outer transaction is still open").isEmpty();
            });
            assertThat(ran).containsExactly("inner");

            assertThatThrownBy(() -> txRun(() -> {
                txRun(() -> backend.transactions().afterCommit(() -> ran.add("inner of failed")));
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
                    resources().mark(p, r.id());
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
