package dev.trash.memory;

import dev.trash.spi.TrashTransactions;
import java.util.function.Supplier;

/**
 * An in-memory backend for the {@link dev.trash.TrashManager}: a {@link InMemoryTrashStore}, an
 * {@link InMemoryResources} registry of host resources, an {@link InMemoryStorageLedger}, and the
 * transactions they share. A transaction holds one lock for its whole length (transactions are
 * serializable) and undoes all its changes if it throws, so the in-memory backend is atomic and
 * isolated like a database. Thread-safe.
 *
 * <pre>{@code
 * InMemoryTrash memory = InMemoryTrash.create();
 * TrashManager trash = TrashManager.builder()
 *     .store(memory.store()).resources(memory.resources()).transactions(memory)
 *     .storageLedger(memory.ledger())
 *     .type(ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE))
 *     .build();
 * }</pre>
 */
public final class InMemoryTrash implements TrashTransactions {
    private final MemoryDb db = new MemoryDb();
    private final InMemoryTrashStore store = new InMemoryTrashStore(db);
    private final InMemoryResources resources = new InMemoryResources(db);
    private final InMemoryStorageLedger ledger = new InMemoryStorageLedger(db);

    private InMemoryTrash() {
    }

    /** @return a new, empty backend */
    public static InMemoryTrash create() {
        return new InMemoryTrash();
    }

    /** @return the trash-item store */
    public InMemoryTrashStore store() {
        return store;
    }

    /** @return the host resources registry */
    public InMemoryResources resources() {
        return resources;
    }

    /** @return the storage ledger */
    public InMemoryStorageLedger ledger() {
        return ledger;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return db.atomically(work);
    }

    @Override
    public boolean isActive() {
        return db.isActive();
    }

    @Override
    public void afterCommit(Runnable action) {
        db.afterCommit(action);
    }
}
