package dev.trash;

import dev.trash.internal.Check;
import dev.trash.internal.DefaultTrashManager;
import dev.trash.spi.HostResources;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashListener;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Trash of a host application: what the host calls to delete, list, restore and purge
 * resources, per workspace. Built once with {@link #builder()} and shared: thread-safe, its
 * configuration immutable. Every method checks its arguments first and throws
 * {@link InvalidArgumentException} before changing anything; every method that changes state does
 * so atomically in one transaction of the configured stores, and changes nothing if it throws.
 * An item or resource of another workspace is reported exactly as a missing one (SPEC R21).
 */
public interface TrashManager {
    /** The retention of a manager that sets none: 30 days (SPEC R2). */
    Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /**
     * Moves a resource and all its active descendants to the Trash as one item (SPEC R1, R3, R4, R5a).
     * Descendants already in the Trash on their own keep their own item.
     *
     * @throws NotFoundException if the resource does not exist in {@code workspace}
     * @throws ConflictException if it is already in the Trash, or inside something that is
     * @throws InvalidArgumentException if its type is not declared
     */
    TrashItem delete(WorkspaceId workspace, ResourceRef resource, ActorId actor);

    /** @return one page of the workspace's Trash (SPEC R6, R7, R9) */
    Page<TrashItem> list(WorkspaceId workspace, TrashQuery query);

    /** @return the item if it is listed in the workspace's Trash (not expired, not being purged) */
    Optional<TrashItem> get(WorkspaceId workspace, TrashItemId item);

    /**
     * Puts the item's root and exactly its cascaded children back (SPEC R10–R14). If the root's slug
     * was taken meanwhile, the root gets the first free one of {@code slug-2}, {@code slug-3}, …
     *
     * @throws NotFoundException if the item does not exist in {@code workspace} (or was purged)
     * @throws ExpiredException if it is past its expiry
     * @throws ParentInTrashException if the root's parent is in the Trash
     * @throws ConflictException if a purge has claimed it, or a concurrent operation won
     */
    Restored restore(WorkspaceId workspace, TrashItemId item);

    /**
     * Purges one item for good, now: its rows, its cascaded children, items trashed on their own
     * inside it (SPEC R18), and their external data through the purge hooks (SPEC R15). If a hook
     * fails, the item is already out of the Trash and the sweeper retries it (SPEC R19). Must be
     * called outside any transaction of the stores: the hooks run after the claim commits.
     *
     * @throws NotFoundException if the item does not exist in {@code workspace}
     * @throws ConflictException if another purge holds it, or a transaction is open on this thread
     */
    Purged purge(WorkspaceId workspace, TrashItemId item);

    /**
     * Purges every item of the workspace's Trash (SPEC R16), batch by batch. Must be called outside
     * any transaction of the stores, like {@link #purge}.
     *
     * @throws ConflictException if a transaction is open on this thread
     */
    Purged emptyTrash(WorkspaceId workspace);

    /** @return the bytes the workspace's Trash holds, in total and per type (SPEC R8) */
    StorageSummary storageSummary(WorkspaceId workspace);

    /** @return a treemap of the workspace's Trash (SPEC R8) */
    Treemap treemap(WorkspaceId workspace, TreemapOptions options);

    /** @return a new sweeper over this manager's stores; it does nothing until the host runs it (SPEC R17) */
    TrashSweeper sweeper(SweeperOptions options);

    /** @return the declared resource types, by name */
    Map<String, ResourceType> types();

    /** @return a new builder */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Collects a manager's configuration. Not thread-safe: build on one thread, then share the
     * manager. The store, the resources and the transactions are required; everything else has a
     * default (system UTC clock, 30-day retention, no hooks, no ledger, no listeners).
     */
    final class Builder {
        private final Map<String, ResourceType> types = new LinkedHashMap<>();
        private TrashStore store;
        private HostResources resources;
        private TrashTransactions transactions;
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private final List<PurgeHook> hooks = new ArrayList<>();
        private StorageLedger ledger = StorageLedger.NONE;
        private final List<TrashListener> listeners = new ArrayList<>();
        private SweeperOptions purgeOptions = SweeperOptions.defaults();

        private Builder() {
        }

        /** Declares a resource type; a type may be declared once. */
        public Builder type(ResourceType type) {
            Check.notNull(type, "type");
            if (types.putIfAbsent(type.name(), type) != null) {
                throw new InvalidArgumentException("type " + type.name() + " is declared twice");
            }
            return this;
        }

        /** Sets where trash items are kept. */
        public Builder store(TrashStore store) {
            this.store = Check.notNull(store, "store");
            return this;
        }

        /** Sets the host's resources. */
        public Builder resources(HostResources resources) {
            this.resources = Check.notNull(resources, "resources");
            return this;
        }

        /** Sets the transactions shared by the store and the resources. */
        public Builder transactions(TrashTransactions transactions) {
            this.transactions = Check.notNull(transactions, "transactions");
            return this;
        }

        /** Sets the clock every time of the library comes from (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Check.notNull(clock, "clock");
            return this;
        }

        /**
         * Sets the default retention (SPEC R2); a type may set its own.
         *
         * @throws InvalidArgumentException if it is zero, negative or over ten years
         */
        public Builder retention(Duration retention) {
            this.retention = Check.positive(retention, ResourceType.MAX_RETENTION, "retention");
            return this;
        }

        /** Adds a purge hook; hooks run in the order added. */
        public Builder purgeHook(PurgeHook hook) {
            hooks.add(Check.notNull(hook, "purgeHook"));
            return this;
        }

        /** Sets the storage ledger told about freed bytes (SPEC R20). */
        public Builder storageLedger(StorageLedger ledger) {
            this.ledger = Check.notNull(ledger, "storageLedger");
            return this;
        }

        /**
         * Sets how manual purges and Empty Trash claim and retry: their batch size, lease and
         * retry backoff (default {@link SweeperOptions#defaults()}; the interval is not used).
         * Each sweeper has its own options.
         */
        public Builder purgeOptions(SweeperOptions options) {
            this.purgeOptions = Check.notNull(options, "purgeOptions");
            return this;
        }

        /** Adds an event listener. */
        public Builder listener(TrashListener listener) {
            listeners.add(Check.notNull(listener, "listener"));
            return this;
        }

        /**
         * @return the manager
         * @throws InvalidArgumentException if a required port is missing, no type is declared, a
         *     parent type is unknown, the types form a cycle, or a type has slugs unique in its
         *     parent but no parent
         */
        public TrashManager build() {
            if (store == null) {
                throw new InvalidArgumentException("store is required: call store(...) with a TrashStore");
            }
            if (resources == null) {
                throw new InvalidArgumentException("resources is required: call resources(...) with the host's HostResources");
            }
            if (transactions == null) {
                throw new InvalidArgumentException("transactions is required: call transactions(...)");
            }
            return new DefaultTrashManager(types, store, resources, transactions, clock, retention, hooks, ledger,
                    listeners, purgeOptions);
        }
    }
}
