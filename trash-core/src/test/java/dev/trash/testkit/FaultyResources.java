package dev.trash.testkit;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemTree;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.TypeLink;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link HostResources} that delegates to a real one and crashes as its {@link Fault} plans: the
 * faulty call runs on the real port, then throws. No mock: every call does the real work.
 */
public final class FaultyResources implements HostResources {
    private final HostResources delegate;
    private final Fault fault;

    /** Wraps {@code delegate}, failing as {@code fault} says. */
    public FaultyResources(HostResources delegate, Fault fault) {
        this.delegate = delegate;
        this.fault = fault;
    }

    @Override
    public Optional<ResourceState> find(WorkspaceId workspace, ResourceRef ref) {
        Optional<ResourceState> r = delegate.find(workspace, ref);
        fault.after("find");
        return r;
    }

    @Override
    public Optional<ResourceState> findForShare(WorkspaceId workspace, ResourceRef ref) {
        Optional<ResourceState> r = delegate.findForShare(workspace, ref);
        fault.after("findForShare");
        return r;
    }

    @Override
    public boolean mark(WorkspaceId workspace, ResourceRef ref, TrashItemId item) {
        boolean r = delegate.mark(workspace, ref, item);
        fault.after("mark");
        return r;
    }

    @Override
    public Marked markChildren(WorkspaceId workspace, TypeLink link, ItemTree item) {
        Marked r = delegate.markChildren(workspace, link, item);
        fault.after("markChildren");
        return r;
    }

    @Override
    public long unmark(WorkspaceId workspace, String type, ItemTree item) {
        long r = delegate.unmark(workspace, type, item);
        fault.after("unmark");
        return r;
    }

    @Override
    public Set<String> slugsInUse(WorkspaceId workspace, String type, Optional<ResourceRef> parent, String base) {
        Set<String> r = delegate.slugsInUse(workspace, type, parent, base);
        fault.after("slugsInUse");
        return r;
    }

    @Override
    public void changeSlug(WorkspaceId workspace, ResourceRef ref, String slug) {
        delegate.changeSlug(workspace, ref, slug);
        fault.after("changeSlug");
    }

    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(WorkspaceId workspace, TypeLink link, Collection<ItemTree> items) {
        Map<TrashItemId, TrashItemId> r = delegate.nestedItems(workspace, link, items);
        fault.after("nestedItems");
        return r;
    }

    @Override
    public long purge(WorkspaceId workspace, String type, Collection<ItemTree> items) {
        long r = delegate.purge(workspace, type, items);
        fault.after("purge");
        return r;
    }

    @Override
    public Marked measure(WorkspaceId workspace, String type, ItemTree item) {
        Marked r = delegate.measure(workspace, type, item);
        fault.after("measure");
        return r;
    }

    @Override
    public void moveTo(WorkspaceId workspace, ResourceRef ref, ResourceRef parent) {
        delegate.moveTo(workspace, ref, parent);
        fault.after("moveTo");
    }

    @Override
    public List<ResourceRef> marked(WorkspaceId workspace, String type, ItemTree item) {
        List<ResourceRef> r = delegate.marked(workspace, type, item);
        fault.after("marked");
        return r;
    }
}
