package dev.trash.memory;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.internal.Check;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashTransactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The in-memory backend for the {@link dev.trash.TrashManager}: one {@link TrashBackend} that
 * brings together an {@link InMemoryTrashStore}, an {@link InMemoryResources} registry of the
 * host's resources, an {@link InMemoryStorageLedger}, the transactions they share, and the one
 * description of every resource type (SPEC R25). What hosts use in unit tests and demos, and the
 * reference for adapters.
 *
 * <p>A transaction holds one lock for its whole length (transactions are serializable) and undoes
 * all its changes if it throws, so the backend is atomic and isolated like a database. A call
 * made inside an open transaction joins it and is, besides, atomic on its own: if it throws, its
 * own changes are taken back even when the caller catches the exception and commits (like a
 * savepoint). Slugs of a type described with {@link ResourceType#slugUniqueIn} are unique among
 * the active resources of their scope, as a partial unique index would make them. Thread-safe.
 *
 * <pre>{@code
 * InMemoryTrash memory = InMemoryTrash.create(
 *     ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE),
 *     ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT));
 * TrashManager trash = TrashManager.builder().backend(memory).storageLedger(memory.ledger()).build();
 * }</pre>
 */
public final class InMemoryTrash implements TrashBackend, TrashTransactions {
    private final List<ResourceType> types;
    private final MemoryDb db = new MemoryDb();
    private final InMemoryTrashStore store;
    private final InMemoryResources resources;
    private final InMemoryStorageLedger ledger;

    private InMemoryTrash(List<ResourceType> types) {
        this.types = types;
        this.store = new InMemoryTrashStore(db);
        this.resources = new InMemoryResources(db, types);
        this.ledger = new InMemoryStorageLedger(db);
    }

    /**
     * Creates an empty backend holding the given resource types, each described once, parents
     * before children. Whether every parent type is described and the graph has no cycle is
     * checked when a manager is built on the backend ({@link dev.trash.TrashManager.Builder#build()}).
     *
     * @param types the description of every resource type, parents before children
     * @return a new, empty backend
     * @throws InvalidArgumentException if {@code types} is null or empty, holds a null, or
     *     describes a type twice (naming it)
     */
    public static InMemoryTrash create(ResourceType... types) {
        Check.notNull(types, "types");
        return create(Arrays.asList(types));
    }

    /**
     * Creates an empty backend holding the given resource types, like {@link #create(ResourceType...)}.
     *
     * @param types the description of every resource type, parents before children
     * @return a new, empty backend
     * @throws InvalidArgumentException if {@code types} is null or empty, holds a null, or
     *     describes a type twice (naming it)
     */
    public static InMemoryTrash create(List<ResourceType> types) {
        Check.notNull(types, "types");
        if (types.isEmpty()) {
            throw new InvalidArgumentException("types must not be empty: describe every resource type the backend "
                    + "holds, e.g. InMemoryTrash.create(ResourceType.of(\"project\"))");
        }
        List<ResourceType> copy = new ArrayList<>(types.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            ResourceType type = types.get(i);
            if (type == null) {
                throw new InvalidArgumentException("types[" + i + "] must not be null");
            }
            if (!names.add(type.name())) {
                throw new InvalidArgumentException("type '" + type.name() + "' is described twice; describe each "
                        + "type once, with its parent, slug scope and retention (SPEC R25)");
            }
            copy.add(type);
        }
        return new InMemoryTrash(List.copyOf(copy));
    }

    /** {@return the resource types this backend holds, in the order given to {@code create}} */
    @Override
    public List<ResourceType> types() {
        return types;
    }

    /** {@return the trash-item store} */
    @Override
    public InMemoryTrashStore store() {
        return store;
    }

    /** {@return the host's resources: the port, and the host side that adds and reads them} */
    @Override
    public InMemoryResources resources() {
        return resources;
    }

    /** {@return the storage ledger that records what purges freed; hand it to the manager's builder} */
    public InMemoryStorageLedger ledger() {
        return ledger;
    }

    /** {@return this backend, whose transactions store, resources and ledger share} */
    @Override
    public TrashTransactions transactions() {
        return this;
    }

    /**
     * Runs {@code work} in a transaction of this backend, or joins the calling thread's: committed
     * if it returns, its changes undone if it throws (also when it joined an outer transaction,
     * like a savepoint), the exception then propagating unchanged.
     *
     * @return what {@code work} returned
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Check.notNull(work, "work");
        return db.atomically(work);
    }

    /** {@return whether the calling thread is inside a transaction of this backend} */
    @Override
    public boolean isActive() {
        return db.isActive();
    }

    /**
     * Runs {@code action} on the committing thread once the outermost transaction the calling
     * thread is in commits; drops it if that transaction (or the call that registered it) fails.
     *
     * @throws IllegalStateException if the calling thread is not inside a transaction of this backend
     */
    @Override
    public void afterCommit(Runnable action) {
        Check.notNull(action, "action");
        db.afterCommit(action);
    }
}
