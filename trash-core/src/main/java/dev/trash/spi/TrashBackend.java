package dev.trash.spi;

import dev.trash.ConfigurationException;
import dev.trash.ResourceType;
import java.util.List;

/**
 * Port: one backend, which brings together what a {@link dev.trash.TrashManager} runs on — the
 * trash-item store, the host's resources, the transactions they share — and the description of
 * every resource type it holds (SPEC R25). A manager is built from exactly one backend, so the
 * ports of two backends cannot be mixed, and the type graph is derived from the types the backend
 * describes, so a type cannot lack storage or have a storage whose parent link differs.
 * {@code dev.trash.memory.InMemoryTrash} and trash-jdbi's {@code JdbiTrash} implement it.
 * Implementations must be thread-safe.
 */
public interface TrashBackend {
    /** {@return every resource type this backend holds, each described once, parents before children} */
    List<ResourceType> types();

    /** {@return where trash items are kept} */
    TrashStore store();

    /** {@return the host's resources of {@link #types()}} */
    HostResources resources();

    /** {@return the transactions that store, resources and the storage ledger share} */
    TrashTransactions transactions();

    /**
     * Checks that what the backend will use exists and is usable (SPEC R26): for a database, the
     * trash table, every host table and configured column with a usable type, and the recommended
     * indexes. Called when a manager is built and by {@link dev.trash.TrashManager#validate()}.
     *
     * @return one line per recommended thing that is missing (e.g. an index), each naming the
     *     statement that adds it; empty if nothing is
     * @throws ConfigurationException naming the table or column that is missing or unusable, and how to fix it
     */
    default List<String> validate() {
        return List.of();
    }
}
