package dev.trash.memory;

import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Claim;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The in-memory {@link TrashStore}: records by id, with sorted indexes per workspace and per
 * (workspace, type) for keyset listing, and one by due time for the sweeper, so that listing and
 * claiming stay logarithmic with a million items. Takes part in the {@link InMemoryTrash}
 * transaction. Thread-safe.
 */
public final class InMemoryTrashStore implements TrashStore {
    /** Listing order: deletion time, then id (unsigned, as databases order UUIDs). */
    private record Key(Instant at, UUID id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = at.compareTo(o.at);
            if (c != 0) {
                return c;
            }
            c = Long.compareUnsigned(id.getMostSignificantBits(), o.id.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(id.getLeastSignificantBits(), o.id.getLeastSignificantBits());
        }

        static Key listing(TrashRecord r) {
            return new Key(r.deletedAt(), r.id().value());
        }

        static Key due(TrashRecord r) {
            return new Key(r.purge().map(PurgeState::availableAt).orElse(r.expiresAt()), r.id().value());
        }
    }

    private final MemoryDb db;
    private final Map<TrashItemId, TrashRecord> byId = new HashMap<>();
    private final Map<WorkspaceId, TreeMap<Key, TrashRecord>> byWorkspace = new HashMap<>();
    private final Map<WorkspaceId, Map<String, TreeMap<Key, TrashRecord>>> byType = new HashMap<>();
    private final TreeMap<Key, TrashRecord> byDue = new TreeMap<>();

    InMemoryTrashStore(MemoryDb db) {
        this.db = db;
    }

    /** Replaces {@code old} by {@code now} (either may be null) in every index, undone on rollback. */
    private void replace(TrashRecord old, TrashRecord now) {
        unindex(old);
        index(now);
        db.onRollback(() -> {
            unindex(now);
            index(old);
        });
    }

    private void index(TrashRecord r) {
        if (r == null) {
            return;
        }
        byId.put(r.id(), r);
        byWorkspace.computeIfAbsent(r.workspace(), w -> new TreeMap<>()).put(Key.listing(r), r);
        byType.computeIfAbsent(r.workspace(), w -> new HashMap<>())
                .computeIfAbsent(r.root().type(), t -> new TreeMap<>()).put(Key.listing(r), r);
        byDue.put(Key.due(r), r);
    }

    private void unindex(TrashRecord r) {
        if (r == null) {
            return;
        }
        byId.remove(r.id());
        byWorkspace.get(r.workspace()).remove(Key.listing(r));
        byType.get(r.workspace()).get(r.root().type()).remove(Key.listing(r));
        byDue.remove(Key.due(r));
    }

    @Override
    public void insert(TrashRecord record) {
        db.atomically(() -> {
            if (byId.containsKey(record.id())) {
                throw new IllegalStateException("trash item " + record.id() + " exists already");
            }
            replace(null, record);
            return null;
        });
    }

    @Override
    public Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id) {
        return db.atomically(() -> Optional.ofNullable(byId.get(id)).filter(r -> r.workspace().equals(workspace)));
    }

    @Override
    public List<TrashRecord> list(WorkspaceId workspace, ListRequest request) {
        return db.atomically(() -> {
            NavigableMap<Key, TrashRecord> index = request.types().size() == 1
                    ? byType.getOrDefault(workspace, Map.of()).get(request.types().iterator().next())
                    : byWorkspace.get(workspace);
            List<TrashRecord> page = new ArrayList<>(Math.min(request.limit(), 1024));
            if (index == null) {
                return page;
            }
            boolean newest = request.order() == SortOrder.NEWEST_FIRST;
            if (request.after().isPresent()) {
                Keyset k = request.after().get();
                Key after = new Key(k.deletedAt(), k.id().value());
                index = newest ? index.headMap(after, false) : index.tailMap(after, false);
            }
            Iterable<TrashRecord> ordered = newest ? index.descendingMap().values() : index.values();
            for (TrashRecord r : ordered) {
                if (r.restorableAt(request.now())
                        && (request.types().isEmpty() || request.types().contains(r.root().type()))) {
                    page.add(r);
                    if (page.size() == request.limit()) {
                        break;
                    }
                }
            }
            return page;
        });
    }

    @Override
    public boolean removeRestorable(WorkspaceId workspace, TrashItemId id, Instant now) {
        return db.atomically(() -> {
            TrashRecord r = byId.get(id);
            if (r == null || !r.workspace().equals(workspace) || !r.restorableAt(now)) {
                return false;
            }
            replace(r, null);
            return true;
        });
    }

    private TrashRecord claimed(TrashRecord r, Claim claim) {
        PurgeState state = new PurgeState(claim.owner(), claim.leaseUntil(),
                r.purge().map(PurgeState::attempts).orElse(0), r.purge().flatMap(PurgeState::lastError));
        TrashRecord now = r.withPurge(Optional.of(state));
        replace(r, now);
        return now;
    }

    private static boolean available(TrashRecord r, Instant now) {
        return r.purge().isPresent() && !r.purge().get().availableAt().isAfter(now);
    }

    @Override
    public List<TrashRecord> claimDue(Claim claim, int limit) {
        return db.atomically(() -> {
            List<TrashRecord> due = new ArrayList<>();
            for (TrashRecord r : byDue.headMap(new Key(claim.now(), new UUID(-1L, -1L)), true).values()) {
                if (due.size() == limit) {
                    break;
                }
                due.add(r);
            }
            List<TrashRecord> claimed = new ArrayList<>(due.size());
            due.forEach(r -> claimed.add(claimed(r, claim)));
            return claimed;
        });
    }

    @Override
    public List<TrashRecord> claim(Collection<TrashItemId> ids, Claim claim) {
        return db.atomically(() -> {
            List<TrashRecord> claimed = new ArrayList<>();
            for (TrashItemId id : new HashSet<>(ids)) {
                TrashRecord r = byId.get(id);
                if (r != null && (r.purge().isEmpty() || available(r, claim.now()))) {
                    claimed.add(claimed(r, claim));
                }
            }
            return claimed;
        });
    }

    @Override
    public List<TrashRecord> claimWorkspace(WorkspaceId workspace, Claim claim, int limit) {
        return db.atomically(() -> {
            List<TrashRecord> inTrash = new ArrayList<>();
            for (TrashRecord r : byWorkspace.getOrDefault(workspace, new TreeMap<>()).values()) {
                if (inTrash.size() == limit) {
                    break;
                }
                if (r.purge().isEmpty()) {
                    inTrash.add(r);
                }
            }
            List<TrashRecord> claimed = new ArrayList<>(inTrash.size());
            inTrash.forEach(r -> claimed.add(claimed(r, claim)));
            return claimed;
        });
    }

    @Override
    public void release(Collection<TrashItemId> ids, String owner, Instant availableAt, Optional<String> failure) {
        db.atomically(() -> {
            for (TrashItemId id : ids) {
                TrashRecord r = byId.get(id);
                if (r != null && r.purge().isPresent() && r.purge().get().owner().equals(owner)) {
                    PurgeState p = r.purge().get();
                    PurgeState back = failure.isPresent()
                            ? new PurgeState(owner, availableAt, p.attempts() + 1, failure)
                            : new PurgeState(owner, availableAt, p.attempts(), p.lastError());
                    replace(r, r.withPurge(Optional.of(back)));
                }
            }
            return null;
        });
    }

    @Override
    public Set<TrashItemId> removeClaimed(Collection<TrashItemId> ids, String owner) {
        return db.atomically(() -> {
            Set<TrashItemId> removed = new HashSet<>();
            for (TrashItemId id : ids) {
                TrashRecord r = byId.get(id);
                if (r != null && r.purge().isPresent() && r.purge().get().owner().equals(owner)) {
                    replace(r, null);
                    removed.add(id);
                }
            }
            return removed;
        });
    }

    @Override
    public StorageSummary summarize(WorkspaceId workspace, Instant now) {
        return db.atomically(() -> {
            long items = 0;
            long bytes = 0;
            long purgingItems = 0;
            long purgingBytes = 0;
            Map<String, TypeUsage> byRootType = new HashMap<>();
            for (TrashRecord r : byWorkspace.getOrDefault(workspace, new TreeMap<>()).values()) {
                if (r.restorableAt(now)) {
                    items++;
                    bytes += r.sizeBytes();
                    byRootType.merge(r.root().type(), new TypeUsage(1, r.sizeBytes()),
                            (a, b) -> new TypeUsage(a.items() + b.items(), a.bytes() + b.bytes()));
                } else {
                    purgingItems++;
                    purgingBytes += r.sizeBytes();
                }
            }
            return new StorageSummary(workspace, items, bytes, byRootType, purgingItems, purgingBytes);
        });
    }

    @Override
    public List<TrashRecord> largest(WorkspaceId workspace, Instant now, int limit) {
        return db.atomically(() -> {
            Comparator<TrashRecord> bySize = Comparator.comparingLong(TrashRecord::sizeBytes)
                    .thenComparing(r -> Key.listing(r));
            PriorityQueue<TrashRecord> top = new PriorityQueue<>(bySize);
            for (TrashRecord r : byWorkspace.getOrDefault(workspace, new TreeMap<>()).values()) {
                if (r.restorableAt(now)) {
                    top.add(r);
                    if (top.size() > limit) {
                        top.poll();
                    }
                }
            }
            List<TrashRecord> result = new ArrayList<>(top);
            result.sort(bySize.reversed());
            return result;
        });
    }

    /** @return how many records the store holds, in any state (for tests and benchmarks) */
    public int size() {
        return db.atomically(byId::size);
    }
}
