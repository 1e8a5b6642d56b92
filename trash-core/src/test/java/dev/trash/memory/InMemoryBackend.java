package dev.trash.memory;

import dev.trash.ResourceRef;
import dev.trash.SlugScope;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.TrashBackend;
import java.util.List;

/** The suites' backend on {@link InMemoryTrash}, with the reference types' slug constraints. */
final class InMemoryBackend implements TrashBackend {
    private final InMemoryTrash memory = InMemoryTrash.create();

    InMemoryBackend() {
        memory.resources()
                .uniqueSlugs(ReferenceTypes.PROJECT, SlugScope.WORKSPACE)
                .uniqueSlugs(ReferenceTypes.MODEL, SlugScope.PARENT)
                .uniqueSlugs(ReferenceTypes.DATASET, SlugScope.WORKSPACE);
    }

    InMemoryTrash memory() {
        return memory;
    }

    @Override
    public TrashStore store() {
        return memory.store();
    }

    @Override
    public HostResources resources() {
        return memory.resources();
    }

    @Override
    public TrashTransactions transactions() {
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
    }

    @Override
    public boolean exists(ResourceRef ref) {
        return memory.resources().contains(ref);
    }

    @Override
    public List<ResourceRef> active(WorkspaceId workspace, String type) {
        return memory.resources().activeResources(workspace, type).stream().map(HostResource::ref).toList();
    }
}
