package dev.trash.memory;

import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.ResourceState;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.testkit.SuiteBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The suites' backend on {@link InMemoryTrash}, over the types a suite asks for. */
final class InMemoryBackend implements SuiteBackend {
    private final InMemoryTrash memory;
    private final Map<ResourceRef, WorkspaceId> workspaceOf = new ConcurrentHashMap<>();

    InMemoryBackend(List<ResourceType> types) {
        this.memory = InMemoryTrash.create(types);
    }

    InMemoryTrash memory() {
        return memory;
    }

    @Override
    public TrashBackend backend() {
        return memory;
    }

    @Override
    public StorageLedger ledger() {
        return memory.ledger();
    }

    @Override
    public long freedBytes(WorkspaceId workspace) {
        return memory.ledger().freedBytes(workspace);
    }

    @Override
    public int timesFreed(TrashItemId item) {
        return memory.ledger().timesFreed(item);
    }

    @Override
    public void add(HostResource resource) {
        memory.resources().add(resource);
        workspaceOf.put(resource.ref(), resource.workspace());
    }

    @Override
    public Optional<ResourceState> find(ResourceRef ref) {
        // The host side sees every workspace: a resource never changes its workspace, so the one it
        // was added with is where the port finds it (purged resources are gone from the port).
        WorkspaceId workspace = workspaceOf.get(ref);
        Optional<ResourceState> state = workspace == null ? Optional.empty() : memory.resources().find(workspace, ref);
        ResourceType type = memory.types().stream().filter(t -> t.name().equals(ref.type())).findFirst().orElseThrow();
        if (state.isEmpty() || !type.hidden() || !state.get().active() || state.get().resource().parent().isEmpty()) {
            return state;
        }
        // Hidden with its parent (SPEC R42): in the Trash while its parent is.
        Optional<TrashItemId> parentMark = find(state.get().resource().parent().get()).flatMap(ResourceState::trashedBy);
        return Optional.of(new ResourceState(state.get().resource(), parentMark));
    }

    @Override
    public List<ResourceRef> active(WorkspaceId workspace, String type) {
        return memory.resources().activeResources(workspace, type).stream().map(HostResource::ref).toList();
    }
}
