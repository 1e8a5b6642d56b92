package dev.trash.testkit;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.io.IOException;
import java.util.List;

/**
 * What a store author provides to run the suites: fresh, empty ports over the
 * {@link ReferenceTypes}, a ledger that remembers what it was told, and the host-side operations a
 * test needs to seed and inspect resources. Each suite makes one backend per test and closes it.
 */
public interface TrashBackend extends AutoCloseable {
    /** @return the trash-item store */
    TrashStore store();

    /** @return the host resources over the reference types */
    HostResources resources();

    /** @return the transactions shared by store, resources and ledger */
    TrashTransactions transactions();

    /** @return a ledger that takes part in the transactions and remembers every report */
    StorageLedger ledger();

    /** @return bytes the ledger was told were freed in {@code workspace} */
    long freedBytes(WorkspaceId workspace);

    /** @return how often the ledger was told that {@code item} was freed */
    int timesFreed(TrashItemId item);

    /** Creates an active resource, as the host would (its parent must exist). */
    void add(HostResource resource);

    /** @return whether the resource exists, active or trashed */
    boolean exists(ResourceRef ref);

    /** @return the active resources of {@code type} in {@code workspace}, sorted by id: the host's normal view */
    List<ResourceRef> active(WorkspaceId workspace, String type);

    /** Releases what the backend holds (connections, files). */
    @Override
    default void close() throws IOException {
    }
}
