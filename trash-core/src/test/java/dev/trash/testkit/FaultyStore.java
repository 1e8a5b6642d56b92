package dev.trash.testkit;

import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.Claim;
import dev.trash.spi.ListRequest;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A {@link TrashStore} that delegates to a real one and crashes as its {@link Fault} plans. */
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
    public boolean removeRestorable(WorkspaceId workspace, TrashItemId id, Instant now) {
        boolean r = delegate.removeRestorable(workspace, id, now);
        fault.after("removeRestorable");
        return r;
    }

    @Override
    public List<TrashRecord> claimDue(Claim claim, int limit) {
        List<TrashRecord> r = delegate.claimDue(claim, limit);
        fault.after("claimDue");
        return r;
    }

    @Override
    public List<TrashRecord> claim(Collection<TrashItemId> ids, Claim claim) {
        List<TrashRecord> r = delegate.claim(ids, claim);
        fault.after("claim");
        return r;
    }

    @Override
    public List<TrashRecord> claimWorkspace(WorkspaceId workspace, Claim claim, int limit) {
        List<TrashRecord> r = delegate.claimWorkspace(workspace, claim, limit);
        fault.after("claimWorkspace");
        return r;
    }

    @Override
    public void release(Collection<TrashItemId> ids, String owner, Instant availableAt, Optional<String> failure) {
        delegate.release(ids, owner, availableAt, failure);
        fault.after("release");
    }

    @Override
    public Set<TrashItemId> removeClaimed(Collection<TrashItemId> ids, String owner) {
        Set<TrashItemId> r = delegate.removeClaimed(ids, owner);
        fault.after("removeClaimed");
        return r;
    }

    @Override
    public StorageSummary summarize(WorkspaceId workspace, Instant now) {
        StorageSummary r = delegate.summarize(workspace, now);
        fault.after("summarize");
        return r;
    }

    @Override
    public List<TrashRecord> largest(WorkspaceId workspace, Instant now, int limit) {
        List<TrashRecord> r = delegate.largest(workspace, now, limit);
        fault.after("largest");
        return r;
    }
}
