package dev.trash.testkit;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResources;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.TypeLink;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link HostResources} that delegates to a real one and crashes as its {@link Fault} plans. */
public final class FaultyResources implements HostResources {
    private final HostResources delegate;
    private final Fault fault;

    /** Wraps {@code delegate}, failing as {@code fault} says. */
    public FaultyResources(HostResources delegate, Fault fault) {
        this.delegate = delegate;
        this.fault = fault;
    }

    @Override
    public Optional<ResourceState> find(ResourceRef ref) {
        Optional<ResourceState> r = delegate.find(ref);
        fault.after("find");
        return r;
    }

    @Override
    public Optional<ResourceState> findForShare(ResourceRef ref) {
        Optional<ResourceState> r = delegate.findForShare(ref);
        fault.after("findForShare");
        return r;
    }

    @Override
    public boolean mark(ResourceRef ref, TrashItemId item) {
        boolean r = delegate.mark(ref, item);
        fault.after("mark");
        return r;
    }

    @Override
    public Marked markChildren(TypeLink link, TrashItemId item) {
        Marked r = delegate.markChildren(link, item);
        fault.after("markChildren");
        return r;
    }

    @Override
    public long unmark(String type, TrashItemId item) {
        long r = delegate.unmark(type, item);
        fault.after("unmark");
        return r;
    }

    @Override
    public Set<String> slugsInUse(String type, WorkspaceId workspace, Optional<ResourceRef> parent, String base) {
        Set<String> r = delegate.slugsInUse(type, workspace, parent, base);
        fault.after("slugsInUse");
        return r;
    }

    @Override
    public void changeSlug(ResourceRef ref, String slug) {
        delegate.changeSlug(ref, slug);
        fault.after("changeSlug");
    }

    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(TypeLink link, Collection<TrashItemId> items) {
        Map<TrashItemId, TrashItemId> r = delegate.nestedItems(link, items);
        fault.after("nestedItems");
        return r;
    }

    @Override
    public long purge(String type, Collection<TrashItemId> items) {
        long r = delegate.purge(type, items);
        fault.after("purge");
        return r;
    }

    @Override
    public List<ResourceRef> marked(String type, TrashItemId item) {
        List<ResourceRef> r = delegate.marked(type, item);
        fault.after("marked");
        return r;
    }
}
