package dev.trash.testkit;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.ResourceState;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What a store author provides to run the suites: a fresh, empty {@link TrashBackend} over the
 * types a suite asks for (the {@link ReferenceTypes}, possibly with other retentions), a ledger
 * that remembers what it was told, and the host-side operations a test needs to seed and inspect
 * resources. Each suite makes one per test and closes it.
 */
public interface SuiteBackend extends AutoCloseable {
    /** @return the backend under test */
    TrashBackend backend();

    /** @return a ledger that takes part in the backend's transactions and remembers every report */
    StorageLedger ledger();

    /** @return bytes the ledger was told were freed in {@code workspace} */
    long freedBytes(WorkspaceId workspace);

    /** @return how often the ledger was told that {@code item} was freed */
    int timesFreed(TrashItemId item);

    /** Creates an active resource, as the host would (its parent must exist). */
    void add(HostResource resource);

    /**
     * @return the resource in whatever workspace it is, and its state as the host sees it (for a type
     *     hidden with its parent, SPEC R42, that has no mark of its own: its parent's mark); empty if it
     *     does not exist
     */
    Optional<ResourceState> find(ResourceRef ref);

    /** @return whether the resource exists, active or trashed */
    default boolean exists(ResourceRef ref) {
        return find(ref).isPresent();
    }

    /** @return the active resources of {@code type} in {@code workspace}, sorted by id: the host's normal view */
    List<ResourceRef> active(WorkspaceId workspace, String type);

    /** Releases what the backend holds (connections, files). */
    @Override
    default void close() throws IOException {
    }
}
