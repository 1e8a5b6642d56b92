package dev.trash.testkit;

import dev.trash.Hold;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.ItemTotals;
import dev.trash.spi.ListRequest;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TrashStore} that delegates to a real one and crashes as its {@link Fault} plans: the
 * faulty call runs on the real store, then throws. No mock: every call does the real work.
 */
public final class FaultyStore implements TrashStore {
    private final TrashStore delegate;
    private final Fault fault;

    /** Wraps {@code delegate}, failing as {@code fault} says. */
    public FaultyStore(TrashStore delegate, Fault fault) {
        this.delegate = delegate;
        this.fault = fault;
    }

    @Override
    public void insert(TrashRecord record) {
        delegate.insert(record);
        fault.after("insert");
    }

    @Override
    public Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id) {
        Optional<TrashRecord> r = delegate.find(workspace, id);
        fault.after("find");
        return r;
    }

    @Override
    public List<TrashRecord> list(WorkspaceId workspace, ListRequest request) {
        List<TrashRecord> r = delegate.list(workspace, request);
        fault.after("list");
        return r;
    }

    @Override
    public boolean remove(WorkspaceId workspace, TrashItemId id, Condition where) {
        boolean r = delegate.remove(workspace, id, where);
        fault.after("remove");
        return r;
    }

    @Override
    public Set<TrashItemId> removeAll(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where) {
        Set<TrashItemId> r = delegate.removeAll(workspace, ids, where);
        fault.after("removeAll");
        return r;
    }

    @Override
    public List<WorkspaceId> workspaces(Condition where, int limit) {
        List<WorkspaceId> r = delegate.workspaces(where, limit);
        fault.after("workspaces");
        return r;
    }

    @Override
    public List<TrashRecord> claimNext(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        List<TrashRecord> r = delegate.claimNext(workspace, where, change, limit);
        fault.after("claimNext");
        return r;
    }

    @Override
    public List<TrashRecord> claim(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where,
                                   PurgeChange change) {
        List<TrashRecord> r = delegate.claim(workspace, ids, where, change);
        fault.after("claim");
        return r;
    }

    @Override
    public List<TrashRecord> claimAny(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        List<TrashRecord> r = delegate.claimAny(workspace, where, change, limit);
        fault.after("claimAny");
        return r;
    }

    @Override
    public int update(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where, PurgeChange change) {
        int r = delegate.update(workspace, ids, where, change);
        fault.after("update");
        return r;
    }

    @Override
    public boolean setHold(WorkspaceId workspace, TrashItemId id, Condition where, Optional<Hold> hold) {
        boolean r = delegate.setHold(workspace, id, where, hold);
        fault.after("setHold");
        return r;
    }

    @Override
    public long changeExpiry(WorkspaceId workspace, String rootType, Duration retention, Instant notBefore,
                             Condition where) {
        long r = delegate.changeExpiry(workspace, rootType, retention, notBefore, where);
        fault.after("changeExpiry");
        return r;
    }

    @Override
    public List<TrashRecord> markWarned(WorkspaceId workspace, Condition where, Instant at, int limit) {
        List<TrashRecord> r = delegate.markWarned(workspace, where, at, limit);
        fault.after("markWarned");
        return r;
    }

    @Override
    public int clearWarned(WorkspaceId workspace, Collection<TrashItemId> ids, Instant at) {
        int r = delegate.clearWarned(workspace, ids, at);
        fault.after("clearWarned");
        return r;
    }

    @Override
    public StorageSummary summarize(WorkspaceId workspace, Condition listed) {
        StorageSummary r = delegate.summarize(workspace, listed);
        fault.after("summarize");
        return r;
    }

    @Override
    public List<TrashRecord> largest(WorkspaceId workspace, Condition listed, int limit) {
        List<TrashRecord> r = delegate.largest(workspace, listed, limit);
        fault.after("largest");
        return r;
    }

    @Override
    public ItemTotals totals(Condition where) {
        ItemTotals r = delegate.totals(where);
        fault.after("totals");
        return r;
    }
}
