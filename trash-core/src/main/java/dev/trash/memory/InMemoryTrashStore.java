package dev.trash.memory;

import dev.trash.Hold;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.ItemTotals;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The in-memory {@link TrashStore}: where the in-memory backend keeps its trash items. Records by
 * id, and per workspace sorted indexes — by (deletedAt, id) for all items and per root type for
 * keyset listing, by due time ({@link ItemField#DUE_AT}) for the sweeper, by id for Empty Trash —
 * so that listing a page and claiming a batch stay logarithmic with a million items. Each item is
 * kept once, as one compact object (times as epoch microseconds, no {@link Optional} or
 * {@link Instant} fields), which the indexes share (a reference per index, in sorted blocks)
 * instead of holding keys and tree nodes; the {@link TrashRecord}s the port returns are made from
 * it, equal to those stored.
 *
 * <p>The store decides nothing about purge states: it evaluates the {@link Condition}s it is given
 * (as {@link Condition#test} would, without making a record for the conditions the library uses)
 * and writes the {@link PurgeChange}s with {@link PurgeChange#applyTo}.
 * From a condition it only derives, like a database's planner, the range of the due index that can
 * hold matching records (a {@code DUE_AT <= t} part lets {@link #claimNext} and {@link #workspaces}
 * stop at {@code t}). Every method sees only the workspace it names.
 *
 * <p>Takes part in the {@link InMemoryTrash} transaction: every change is undone if the
 * transaction fails. Transactions are serializable, so nothing is ever held by another
 * transaction: the claiming methods never skip or wait for anything. Thread-safe.
 */
public final class InMemoryTrashStore implements TrashStore {
    /** UUIDs compared as unsigned 128-bit numbers, the order in which databases sort them. */
    private static final Comparator<UUID> UNSIGNED = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** The listing order, oldest first: (deletedAt, id), ids unsigned. */
    private static final Comparator<StoredRecord> BY_DELETION = (a, b) -> {
        int c = StoredRecord.compareDeletedAt(a, b);
        return c != 0 ? c : StoredRecord.compareIds(a, b);
    };

    /**
     * The indexes of one workspace's records, each holding the records themselves (no key or node
     * object per record, see {@link SortedRecords}); dropped when the workspace holds none.
     */
    private static final class Shelf {
        final SortedRecords byDeletion = new SortedRecords(SortedRecords.By.DELETION);
        final Map<String, SortedRecords> byRootType = new HashMap<>(4);
        final SortedRecords byDue = new SortedRecords(SortedRecords.By.DUE);
        final SortedRecords byId = new SortedRecords(SortedRecords.By.ID);
    }

    private final MemoryDb db;
    /** Every record, by id, in every workspace. */
    private final RecordTable records = new RecordTable();
    private final Map<WorkspaceId, Shelf> shelves = new HashMap<>();

    InMemoryTrashStore(MemoryDb db) {
        this.db = db;
    }

    // ---- the TrashStore port ----

    /**
     * Stores a new item.
     *
     * @throws IllegalStateException if an item with its id exists already (in any workspace)
     */
    @Override
    public void insert(TrashRecord record) {
        Check.notNull(record, "record");
        db.atomically(() -> {
            if (records.get(record.id()) != null) {
                throw new IllegalStateException("trash item " + record.id() + " exists already");
            }
            replace(null, StoredRecord.of(record));
            return null;
        });
    }

    /** {@return the item with this id if it belongs to {@code workspace}, in whatever state} */
    @Override
    public Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id) {
        Check.notNull(workspace, "workspace");
        Check.notNull(id, "id");
        return db.atomically(() -> {
            StoredRecord r = get(workspace, id);
            return r == null ? Optional.<TrashRecord>empty() : Optional.of(r.record());
        });
    }

    /**
     * Walks the workspace's index of the requested root types (one index for none or one type, a
     * merge of the per-type indexes for several) in the page's order from the keyset on, and keeps
     * the records that match {@code request.where()}.
     *
     * @return one page, at most {@code request.limit()} records, in the requested order
     */
    @Override
    public List<TrashRecord> list(WorkspaceId workspace, ListRequest request) {
        Check.notNull(workspace, "workspace");
        Check.notNull(request, "request");
        return db.atomically(() -> {
            List<TrashRecord> page = new ArrayList<>(Math.min(request.limit(), 1024));
            Shelf shelf = shelves.get(workspace);
            if (shelf == null) {
                return page;
            }
            List<SortedRecords> indexes = new ArrayList<>(Math.max(1, request.types().size()));
            if (request.types().isEmpty()) {
                indexes.add(shelf.byDeletion);
            } else {
                for (String type : request.types()) {
                    SortedRecords index = shelf.byRootType.get(type);
                    if (index != null) {
                        indexes.add(index);
                    }
                }
            }
            if (request.order().field() != SortOrder.SortField.DELETED_AT) {
                return sorted(indexes, request);
            }
            boolean ascending = request.order() != SortOrder.NEWEST_FIRST;
            Keyset after = request.after().orElse(null);
            // a k-way merge of the indexes, each walked in the page's order (k is small: the requested types)
            SortedRecords.Walk[] walks = new SortedRecords.Walk[indexes.size()];
            StoredRecord[] heads = new StoredRecord[walks.length];
            for (int i = 0; i < walks.length; i++) {
                SortedRecords index = indexes.get(i);
                walks[i] = after == null ? index.walk(ascending)
                        : index.walkAfter((Instant) after.value(), after.id().value(), ascending);
                heads[i] = walks[i].next();
            }
            Condition where = request.where();
            while (page.size() < request.limit()) {
                int next = -1;
                for (int i = 0; i < heads.length; i++) {
                    if (heads[i] != null && (next < 0 || (ascending ? BY_DELETION.compare(heads[i], heads[next]) < 0
                            : BY_DELETION.compare(heads[i], heads[next]) > 0))) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                StoredRecord r = heads[next];
                if (r.matches(where)) {
                    page.add(r.record());
                }
                heads[next] = walks[next].next();
            }
            return page;
        });
    }

    /** {@return whether the item was in the workspace, matched {@code where} and was removed} */
    @Override
    public boolean remove(WorkspaceId workspace, TrashItemId id, Condition where) {
        Check.notNull(workspace, "workspace");
        Check.notNull(id, "id");
        Check.notNull(where, "where");
        return db.atomically(() -> {
            StoredRecord r = get(workspace, id);
            if (r == null || !r.matches(where)) {
                return false;
            }
            replace(r, null);
            return true;
        });
    }

    /** {@return the ids of the workspace's items among {@code ids} that matched {@code where} and were removed, ascending} */
    @Override
    public Set<TrashItemId> removeAll(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ids, "ids");
        Check.notNull(where, "where");
        return db.atomically(() -> {
            Set<TrashItemId> removed = new LinkedHashSet<>();
            for (StoredRecord r : matching(workspace, ids, where)) {
                replace(r, null);
                removed.add(r.id);
            }
            return removed;
        });
    }

    /**
     * Looks at each workspace's due index up to the bound {@code where} implies, stopping at the
     * first record that matches.
     *
     * @return up to {@code limit} workspaces holding a record that matches {@code where}, the one
     *     whose earliest matching record is due first first
     */
    @Override
    public List<WorkspaceId> workspaces(Condition where, int limit) {
        Check.notNull(where, "where");
        Check.notNegative(limit, "limit");
        return db.atomically(() -> {
            record Found(WorkspaceId workspace, StoredRecord first) {
            }
            Comparator<Found> earliest = Comparator.<Found, StoredRecord>comparing(Found::first, InMemoryTrashStore::compareDue)
                    .thenComparing(f -> f.workspace().value());
            PriorityQueue<Found> top = new PriorityQueue<>(earliest.reversed());
            Instant bound = dueBound(where);
            for (Map.Entry<WorkspaceId, Shelf> e : shelves.entrySet()) {
                SortedRecords.Walk due = e.getValue().byDue.walk(true);
                for (StoredRecord r = due.next(); r != null && atOrBefore(r, bound); r = due.next()) {
                    if (r.matches(where)) {
                        top.add(new Found(e.getKey(), r));
                        if (top.size() > limit) {
                            top.poll();
                        }
                        break;
                    }
                }
            }
            List<Found> found = new ArrayList<>(top);
            found.sort(earliest);
            return found.stream().map(Found::workspace).toList();
        });
    }

    /**
     * Claims the workspace's records that match {@code where}, earliest {@link ItemField#DUE_AT}
     * first (ties by id, unsigned).
     *
     * @return the claimed records as they are after {@code change}, in that order
     */
    @Override
    public List<TrashRecord> claimNext(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        Check.notNull(workspace, "workspace");
        Check.notNull(where, "where");
        Check.notNull(change, "change");
        Check.notNegative(limit, "limit");
        return db.atomically(() -> {
            Shelf shelf = shelves.get(workspace);
            if (shelf == null || limit == 0) {
                return List.of();
            }
            List<StoredRecord> due = new ArrayList<>(Math.min(limit, 1024));
            Instant bound = dueBound(where);
            SortedRecords.Walk walk = shelf.byDue.walk(true);
            for (StoredRecord r = walk.next(); r != null && atOrBefore(r, bound); r = walk.next()) {
                if (r.matches(where)) {
                    due.add(r);
                    if (due.size() == limit) {
                        break;
                    }
                }
            }
            return applyAll(due, change);
        });
    }

    /** {@return the workspace's records among {@code ids} that matched {@code where}, after {@code change}, by id ascending} */
    @Override
    public List<TrashRecord> claim(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where,
                                   PurgeChange change) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ids, "ids");
        Check.notNull(where, "where");
        Check.notNull(change, "change");
        return db.atomically(() -> applyAll(matching(workspace, ids, where), change));
    }

    /**
     * Claims the workspace's records that match {@code where}, lowest ids (unsigned) first.
     *
     * @return up to {@code limit} claimed records as they are after {@code change}, by id
     *     ascending; empty only if no record of the workspace matches
     */
    @Override
    public List<TrashRecord> claimAny(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        Check.notNull(workspace, "workspace");
        Check.notNull(where, "where");
        Check.notNull(change, "change");
        Check.notNegative(limit, "limit");
        return db.atomically(() -> {
            Shelf shelf = shelves.get(workspace);
            if (shelf == null || limit == 0) {
                return List.of();
            }
            List<StoredRecord> found = new ArrayList<>(Math.min(limit, 1024));
            SortedRecords.Walk byId = shelf.byId.walk(true);
            for (StoredRecord r = byId.next(); r != null; r = byId.next()) {
                if (r.matches(where)) {
                    found.add(r);
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            return applyAll(found, change);
        });
    }

    /** {@return how many of the workspace's records among {@code ids} matched {@code where} and got {@code change}} */
    @Override
    public int update(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where, PurgeChange change) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ids, "ids");
        Check.notNull(where, "where");
        Check.notNull(change, "change");
        return db.atomically(() -> applyAll(matching(workspace, ids, where), change).size());
    }

    /** {@return whether the workspace's record matched {@code where} and got {@code hold}} */
    @Override
    public boolean setHold(WorkspaceId workspace, TrashItemId id, Condition where, Optional<Hold> hold) {
        Check.notNull(workspace, "workspace");
        Check.notNull(id, "id");
        Check.notNull(where, "where");
        Check.notNull(hold, "hold");
        return db.atomically(() -> {
            StoredRecord r = get(workspace, id);
            if (r == null || !r.matches(where)) {
                return false;
            }
            replace(r, StoredRecord.of(r.record().withHold(hold)));
            return true;
        });
    }

    /** {@return how many of the workspace's records of root type {@code rootType} matched {@code where} and got a new expiry} */
    @Override
    public long changeExpiry(WorkspaceId workspace, String rootType, Duration retention, Instant notBefore,
                             Condition where) {
        Check.notNull(workspace, "workspace");
        Check.notNull(rootType, "rootType");
        Check.notNull(retention, "retention");
        Check.notNull(notBefore, "notBefore");
        Check.notNull(where, "where");
        return db.atomically(() -> {
            Shelf shelf = shelves.get(workspace);
            SortedRecords ofType = shelf == null ? null : shelf.byRootType.get(rootType);
            if (ofType == null) {
                return 0L;
            }
            long n = 0;
            for (StoredRecord r : all(ofType)) {
                Instant expiry = r.deletedAt().plus(retention).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                Instant next = expiry.isBefore(notBefore) ? notBefore : expiry;
                if (r.matches(where) && r.compareExpiresAt(next) != 0) {
                    replace(r, StoredRecord.of(r.record().withExpiresAt(next).withWarnedAt(Optional.empty())));
                    n++;
                }
            }
            return n;
        });
    }

    /** {@return up to {@code limit} of the workspace's records matching {@code where}, soonest expiring first, marked warned at {@code at}} */
    @Override
    public List<TrashRecord> markWarned(WorkspaceId workspace, Condition where, Instant at, int limit) {
        Check.notNull(workspace, "workspace");
        Check.notNull(where, "where");
        Check.notNull(at, "at");
        Check.range(limit, 1, Integer.MAX_VALUE, "limit");
        return db.atomically(() -> {
            Shelf shelf = shelves.get(workspace);
            if (shelf == null) {
                return List.of();
            }
            List<StoredRecord> due = new ArrayList<>();
            SortedRecords.Walk byId = shelf.byId.walk(true);
            for (StoredRecord r = byId.next(); r != null; r = byId.next()) {
                if (r.matches(where)) {
                    due.add(r);
                }
            }
            due.sort(StoredRecord::compareExpiresAt);
            List<TrashRecord> marked = new ArrayList<>();
            for (StoredRecord r : due.subList(0, Math.min(limit, due.size()))) {
                TrashRecord now = r.record().withWarnedAt(Optional.of(at));
                replace(r, StoredRecord.of(now));
                marked.add(now);
            }
            return marked;
        });
    }

    /** {@return how many of {@code ids} in the workspace carried the warning of {@code at} and lost it} */
    @Override
    public int clearWarned(WorkspaceId workspace, Collection<TrashItemId> ids, Instant at) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ids, "ids");
        Check.notNull(at, "at");
        return db.atomically(() -> {
            int n = 0;
            for (TrashItemId id : ids) {
                StoredRecord r = get(workspace, id);
                if (r != null && at.equals(r.warnedAt)) {
                    replace(r, StoredRecord.of(r.record().withWarnedAt(Optional.empty())));
                    n++;
                }
            }
            return n;
        });
    }

    /**
     * Counts every record of the workspace: those matching {@code listed} in total and per root
     * type, every other one as being purged (expired and waiting for the sweeper, or claimed).
     *
     * @return the workspace's storage summary
     */
    @Override
    public StorageSummary summarize(WorkspaceId workspace, Condition listed) {
        Check.notNull(workspace, "workspace");
        Check.notNull(listed, "listed");
        return db.atomically(() -> {
            long items = 0;
            long bytes = 0;
            long purgingItems = 0;
            long purgingBytes = 0;
            Map<String, long[]> byRootType = new HashMap<>();
            Shelf shelf = shelves.get(workspace);
            SortedRecords.Walk byId = shelf == null ? new SortedRecords(SortedRecords.By.ID).walk(true) : shelf.byId.walk(true);
            for (StoredRecord r = byId.next(); r != null; r = byId.next()) {
                if (r.matches(listed)) {
                    items++;
                    bytes += r.sizeBytes;
                    long[] usage = byRootType.computeIfAbsent(r.root.type(), t -> new long[2]);
                    usage[0]++;
                    usage[1] += r.sizeBytes;
                } else {
                    purgingItems++;
                    purgingBytes += r.sizeBytes;
                }
            }
            Map<String, TypeUsage> usage = new TreeMap<>();
            byRootType.forEach((type, u) -> usage.put(type, new TypeUsage(u[0], u[1])));
            return new StorageSummary(workspace, items, bytes, usage, purgingItems, purgingBytes);
        });
    }

    /**
     * {@return the {@code limit} largest records of the workspace that match {@code listed},
     * largest first; among equal sizes the one deleted later (then the higher id) first}
     */
    @Override
    public List<TrashRecord> largest(WorkspaceId workspace, Condition listed, int limit) {
        Check.notNull(workspace, "workspace");
        Check.notNull(listed, "listed");
        Check.notNegative(limit, "limit");
        return db.atomically(() -> {
            Shelf shelf = shelves.get(workspace);
            if (shelf == null || limit == 0) {
                return List.of();
            }
            Comparator<StoredRecord> bySize = Comparator.<StoredRecord>comparingLong(r -> r.sizeBytes).thenComparing(BY_DELETION);
            PriorityQueue<StoredRecord> top = new PriorityQueue<>(bySize);
            SortedRecords.Walk byId = shelf.byId.walk(true);
            for (StoredRecord r = byId.next(); r != null; r = byId.next()) {
                if (r.matches(listed)) {
                    top.add(r);
                    if (top.size() > limit) {
                        top.poll();
                    }
                }
            }
            List<StoredRecord> found = new ArrayList<>(top);
            found.sort(bySize.reversed());
            List<TrashRecord> result = new ArrayList<>(found.size());
            for (StoredRecord r : found) {
                result.add(r.record());
            }
            return result;
        });
    }

    /**
     * Walks every record (in every workspace) and counts those that match {@code where}: linear in
     * the store's size, for metrics that read it now and then.
     *
     * @return the totals of the matching records
     */
    @Override
    public ItemTotals totals(Condition where) {
        Check.notNull(where, "where");
        return db.atomically(() -> {
            long items = 0;
            long bytes = 0;
            StoredRecord earliest = null;
            for (Shelf shelf : shelves.values()) {
                SortedRecords.Walk byId = shelf.byId.walk(true);
                for (StoredRecord r = byId.next(); r != null; r = byId.next()) {
                    if (r.matches(where)) {
                        items++;
                        bytes += r.sizeBytes;
                        if (earliest == null || StoredRecord.compareDue(r, earliest) < 0) {
                            earliest = r;
                        }
                    }
                }
            }
            return new ItemTotals(items, bytes, earliest == null ? Optional.empty() : Optional.of(earliest.due()));
        });
    }

    // ---- for tests and benchmarks ----

    /** {@return how many records the store holds, in every workspace and state} */
    public int size() {
        return db.atomically(records::size);
    }

    // ---- internals, all called under the lock ----

    /** The records of {@code index}, in its order, as a list the caller may change the index under. */
    private static List<StoredRecord> all(SortedRecords index) {
        List<StoredRecord> copy = new ArrayList<>(index.size());
        SortedRecords.Walk walk = index.walk(true);
        for (StoredRecord r = walk.next(); r != null; r = walk.next()) {
            copy.add(r);
        }
        return copy;
    }

    /** Compares two records by (due time, id), ids unsigned: the due index's order. */
    private static int compareDue(StoredRecord a, StoredRecord b) {
        int c = StoredRecord.compareDue(a, b);
        return c != 0 ? c : StoredRecord.compareIds(a, b);
    }

    /** Whether {@code r} is due at or before {@code bound} (always, if the bound is null). */
    private static boolean atOrBefore(StoredRecord r, Instant bound) {
        return bound == null || r.compareDue(bound) <= 0;
    }

    /**
     * A page in an order other than deletion time (SPEC R38): the matching records of the indexes,
     * sorted by (sort value, id), after the keyset. A full walk of the workspace's records of those
     * types: the in-memory backend is for tests and small hosts.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<TrashRecord> sorted(List<SortedRecords> indexes, ListRequest request) {
        SortOrder order = request.order();
        Comparator<TrashRecord> byValue = (a, b) -> ((Comparable) ListRequest.sortValue(order, a))
                .compareTo(ListRequest.sortValue(order, b));
        Comparator<TrashRecord> ascending = byValue.thenComparing((a, b) -> UNSIGNED.compare(a.id().value(), b.id().value()));
        Comparator<TrashRecord> cmp = order.ascending() ? ascending : ascending.reversed();
        List<TrashRecord> all = new ArrayList<>();
        for (SortedRecords index : indexes) {
            for (StoredRecord stored : all(index)) {
                if (!stored.matches(request.where())) {
                    continue;
                }
                TrashRecord r = stored.record();
                if (request.after().map(k -> after(r, k, order)).orElse(true)) {
                    all.add(r);
                }
            }
        }
        all.sort(cmp);
        return new ArrayList<>(all.subList(0, Math.min(request.limit(), all.size())));
    }

    /** Whether {@code r} comes strictly after the keyset in {@code order}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean after(TrashRecord r, Keyset keyset, SortOrder order) {
        int c = ((Comparable) ListRequest.sortValue(order, r)).compareTo(keyset.value());
        if (c == 0) {
            c = UNSIGNED.compare(r.id().value(), keyset.id().value());
        }
        return order.ascending() ? c > 0 : c < 0;
    }

    /** The record with this id, if it belongs to {@code workspace}; else null (another workspace's is missing). */
    private StoredRecord get(WorkspaceId workspace, TrashItemId id) {
        StoredRecord r = records.get(id);
        return r != null && r.workspace.equals(workspace) ? r : null;
    }

    /** The workspace's records among {@code ids} that match {@code where}, each once, by id ascending (unsigned). */
    private List<StoredRecord> matching(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where) {
        List<TrashItemId> ordered = new ArrayList<>(ids.size());
        for (TrashItemId id : ids) {
            ordered.add(Check.notNull(id, "id"));
        }
        if (ordered.size() > 1) {
            ordered.sort((a, b) -> UNSIGNED.compare(a.value(), b.value()));
        }
        List<StoredRecord> found = new ArrayList<>(ordered.size());
        TrashItemId previous = null;
        for (TrashItemId id : ordered) {
            if (id.equals(previous)) {
                continue;
            }
            previous = id;
            StoredRecord r = get(workspace, id);
            if (r != null && r.matches(where)) {
                found.add(r);
            }
        }
        return found;
    }

    /** Applies {@code change} to each record; returns them as they are afterwards, in the same order. */
    private List<TrashRecord> applyAll(List<StoredRecord> targets, PurgeChange change) {
        List<TrashRecord> changed = new ArrayList<>(targets.size());
        for (StoredRecord r : targets) {
            TrashRecord now = change.applyTo(r.record());
            replace(r, StoredRecord.of(now));
            changed.add(now);
        }
        return changed;
    }

    /**
     * An instant that no record matching {@code where} is due after, read off the condition's
     * {@code DUE_AT <= t} (or {@code <}, {@code =}) parts: the least of an {@link Condition.All}'s
     * bounds, the greatest of an {@link Condition.Any}'s if every part has one. Null if the
     * condition implies none. Only narrows the scan; every record is still tested.
     */
    private static Instant dueBound(Condition where) {
        if (where instanceof Condition.Compare c) {
            boolean atMost = c.op() == Condition.Op.LE || c.op() == Condition.Op.LT || c.op() == Condition.Op.EQ;
            return c.field() == ItemField.DUE_AT && atMost && c.value() instanceof Instant at ? at : null;
        }
        if (where instanceof Condition.All all) {
            Instant least = null;
            for (Condition part : all.parts()) {
                Instant b = dueBound(part);
                if (b != null && (least == null || b.isBefore(least))) {
                    least = b;
                }
            }
            return least;
        }
        if (where instanceof Condition.Any any && !any.parts().isEmpty()) {
            Instant greatest = null;
            for (Condition part : any.parts()) {
                Instant b = dueBound(part);
                if (b == null) {
                    return null;
                }
                if (greatest == null || b.isAfter(greatest)) {
                    greatest = b;
                }
            }
            return greatest;
        }
        return null;
    }

    /** Replaces {@code old} by {@code now} (either may be null) in every index, undone on rollback. */
    private void replace(StoredRecord old, StoredRecord now) {
        swap(old, now);
        db.onRollback(() -> swap(now, old));
    }

    private void swap(StoredRecord old, StoredRecord now) {
        if (old != null && now != null && old.id.equals(now.id) && old.workspace.equals(now.workspace)
                && StoredRecord.compareDeletedAt(old, now) == 0 && old.root.type().equals(now.root.type())) {
            restate(old, now);
        } else {
            unindex(old);
            index(now);
        }
    }

    /**
     * Replaces a record by a new state of it (a purge change): its listing and id keys stay, so
     * those indexes only get the new record in the old one's place; only a changed due time moves
     * its due entry.
     */
    private void restate(StoredRecord old, StoredRecord now) {
        records.put(now);
        Shelf shelf = shelves.get(now.workspace);
        shelf.byDeletion.replace(now);
        shelf.byRootType.get(now.root.type()).replace(now);
        shelf.byId.replace(now);
        if (StoredRecord.compareDue(old, now) == 0) {
            shelf.byDue.replace(now);
        } else {
            shelf.byDue.remove(old);
            shelf.byDue.add(now);
        }
    }

    private void index(StoredRecord r) {
        if (r == null) {
            return;
        }
        records.put(r);
        Shelf shelf = shelves.computeIfAbsent(r.workspace, w -> new Shelf());
        shelf.byDeletion.add(r);
        shelf.byRootType.computeIfAbsent(r.root.type(), t -> new SortedRecords(SortedRecords.By.DELETION)).add(r);
        shelf.byDue.add(r);
        shelf.byId.add(r);
    }

    private void unindex(StoredRecord r) {
        if (r == null) {
            return;
        }
        records.remove(r.id);
        Shelf shelf = shelves.get(r.workspace);
        shelf.byDeletion.remove(r);
        SortedRecords ofType = shelf.byRootType.get(r.root.type());
        ofType.remove(r);
        if (ofType.isEmpty()) {
            shelf.byRootType.remove(r.root.type());
        }
        shelf.byDue.remove(r);
        shelf.byId.remove(r);
        if (shelf.byId.isEmpty()) {
            shelves.remove(r.workspace);
        }
    }
}
