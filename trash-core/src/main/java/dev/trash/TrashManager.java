package dev.trash;

import dev.trash.internal.Check;
import dev.trash.internal.Managers;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * A failure of the backend itself (a lost connection) is a {@link BackendException}.
 */
public interface TrashManager {
    /** The retention of a manager that sets none: 30 days (SPEC R2). */
    Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /**
     * Moves a resource and all its active descendants to the Trash as one item (SPEC R1, R3, R4, R5a).
     * Descendants already in the Trash on their own keep their own item.
     *
     * @throws NotFoundException if the resource does not exist in {@code workspace}
     * @throws ConflictException if it is already in the Trash (a concurrent delete included), or
     *     inside something that is
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
     * @throws ConflictException if a purge has claimed it, or a cascaded child's slug was taken
     * @throws RetryableException if a concurrent operation changed the item meanwhile
     */
    Restored restore(WorkspaceId workspace, TrashItemId item);

    /**
     * Purges one item for good, now: its rows, its cascaded children, items trashed on their own
     * inside it (SPEC R18), and their external data through the purge hooks (SPEC R15). If a hook
     * fails, the item is already out of the Trash and the sweeper retries it (SPEC R19). Must be
     * called outside any transaction of the stores: the hooks run after the claim commits.
     *
     * @throws NotFoundException if the item does not exist in {@code workspace}
     * @throws ConflictException if another purge holds it
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    Purged purge(WorkspaceId workspace, TrashItemId item);

    /**
     * Purges every item of the workspace's Trash (SPEC R16), batch by batch. Must be called outside
     * any transaction of the stores, like {@link #purge}.
     *
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    Purged emptyTrash(WorkspaceId workspace);

    /** @return the bytes the workspace's Trash holds, in total and per type (SPEC R8) */
    StorageSummary storageSummary(WorkspaceId workspace);

    /** @return a treemap of the workspace's Trash (SPEC R8) */
    Treemap treemap(WorkspaceId workspace, TreemapOptions options);

    /**
     * Counts what the Trash holds across every workspace, for metrics and health checks (SPEC R31):
     * listed items and bytes, items being purged, items waiting for a retry, and the due time of
     * the item due longest (the purge lag). Locks nothing; a few aggregate queries on a database.
     *
     * @return the totals now, by the manager's clock
     * @throws UnsupportedOperationException if the backend's store cannot count across workspaces
     *     ({@link dev.trash.spi.TrashStore#totals})
     */
    TrashTotals totals();

    /** @return a new sweeper over this manager's stores; it does nothing until the host runs it (SPEC R17) */
    TrashSweeper sweeper(SweeperOptions options);

    /** @return the resource types of the backend, by name, parents before children */
    Map<String, ResourceType> types();

    /**
     * Checks the backend again, as {@link Builder#build()} did (SPEC R26): for a database, the trash
     * table, the host tables and columns, the recommended indexes. Each missing recommended index
     * is also logged as a warning ({@code System.Logger} {@code dev.trash}).
     *
     * @return one line per missing recommended object, naming the statement that creates it
     * @throws ConfigurationException naming the table or column that is missing or unusable
     */
    List<String> validate();

    /** @return a new builder */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Collects a manager's configuration. Not thread-safe: build on one thread, then share the
     * manager. Only the backend is required; everything else has a default (system UTC clock,
     * 30-day retention, no hooks, no ledger, no listeners, {@link SweeperOptions#defaults()}).
     *
     * <pre>{@code
     * TrashManager trash = TrashManager.builder()
     *     .backend(InMemoryTrash.create(ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE)))
     *     .build();
     * }</pre>
     */
    final class Builder {
        private TrashBackend backend;
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private final List<PurgeHook> hooks = new ArrayList<>();
        private StorageLedger ledger = StorageLedger.NONE;
        private final List<TrashListener> listeners = new ArrayList<>();
        private SweeperOptions purgeOptions = SweeperOptions.defaults();

        private Builder() {
        }

        /**
         * Sets the backend: the store, the host's resources, their transactions and the
         * description of every resource type, all from one place (SPEC R25), e.g.
         * {@code InMemoryTrash.create(types…)} or trash-jdbi's {@code JdbiTrash.create(dataSource, tables…)}.
         *
         * @return this builder
         */
        public Builder backend(TrashBackend backend) {
            this.backend = Check.notNull(backend, "backend");
            return this;
        }

        /**
         * Sets the clock every time of the library comes from (default: system UTC).
         *
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Check.notNull(clock, "clock");
            return this;
        }

        /**
         * Sets the default retention (SPEC R2); a type may set its own.
         *
         * @return this builder
         * @throws InvalidArgumentException if it is zero, negative or over ten years
         */
        public Builder retention(Duration retention) {
            this.retention = Check.positive(retention, ResourceType.MAX_RETENTION, "retention");
            return this;
        }

        /**
         * Adds a purge hook; hooks run in the order added.
         *
         * @return this builder
         */
        public Builder purgeHook(PurgeHook hook) {
            hooks.add(Check.notNull(hook, "purgeHook"));
            return this;
        }

        /**
         * Sets the storage ledger told about freed bytes (SPEC R20).
         *
         * @return this builder
         */
        public Builder storageLedger(StorageLedger ledger) {
            this.ledger = Check.notNull(ledger, "storageLedger");
            return this;
        }

        /**
         * Sets how manual purges and Empty Trash claim and retry: their batch size, lease and
         * retry backoff (default {@link SweeperOptions#defaults()}; the interval is not used).
         * Each sweeper has its own options.
         *
         * @return this builder
         */
        public Builder purgeOptions(SweeperOptions options) {
            this.purgeOptions = Check.notNull(options, "purgeOptions");
            return this;
        }

        /**
         * Adds an event listener.
         *
         * @return this builder
         */
        public Builder listener(TrashListener listener) {
            listeners.add(Check.notNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the manager, after checking the backend's type descriptions (SPEC R25) and the
         * backend itself ({@link TrashBackend#validate()}, SPEC R26; missing recommended indexes are
         * logged as warnings).
         *
         * @return the manager
         * @throws ConfigurationException if no backend is set, the backend describes no type, a type
         *     twice, a parent type it does not describe, a cycle, a type whose slugs are unique in a
         *     parent it does not have, or if the backend's check fails
         */
        public TrashManager build() {
            if (backend == null) {
                throw new ConfigurationException("a backend is required: call backend(...) with InMemoryTrash.create(types...) "
                        + "or JdbiTrash.create(dataSource, tables...)");
            }
            return Managers.create(backend, clock, retention, hooks, ledger, listeners, purgeOptions);
        }
    }
}
