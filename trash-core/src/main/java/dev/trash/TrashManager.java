package dev.trash;

import dev.trash.internal.Check;
import dev.trash.internal.Managers;
import dev.trash.spi.ExpiryWarnings;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.RetentionPolicy;
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

    /** The most items one bulk call ({@link #restoreAll}, {@link #purgeAll}) takes (SPEC R35). */
    int MAX_BULK = 1_000;

    /**
     * Moves a resource and all its active descendants to the Trash as one item (SPEC R1, R3, R4, R5a).
     * Descendants already in the Trash on their own keep their own item.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param resource the resource to delete
     * @param actor who deletes it (SPEC R5a)
     * @return the new item, as the Trash lists it
     * @throws NotFoundException if the resource does not exist in {@code workspace}
     * @throws ConflictException if it is already in the Trash (a concurrent delete included), or
     *     inside something that is
     * @throws InvalidArgumentException if its type is not declared
     */
    TrashItem delete(WorkspaceId workspace, ResourceRef resource, ActorId actor);

    /**
     * {@return one page of the workspace's Trash (SPEC R6, R7, R9)}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param query what to list: types, filters, order, page size and cursor
     */
    Page<TrashItem> list(WorkspaceId workspace, TrashQuery query);

    /**
     * {@return a query for the items that expire within {@code window} from now, by the manager's
     * clock, soonest first (SPEC R39)}: list it, and page on with the same query, e.g.
     * {@code trash.list(ws, trash.expiringWithin(Duration.ofDays(7)))}.
     *
     * @param window how far ahead to look
     * @throws InvalidArgumentException if the window is not positive or over ten years
     */
    TrashQuery expiringWithin(Duration window);

    /**
     * {@return the item if it is listed in the workspace's Trash (not expired, not being purged)}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     */
    Optional<TrashItem> get(WorkspaceId workspace, TrashItemId item);

    /**
     * Puts the item's root and exactly its cascaded children back (SPEC R10–R14), where they were.
     * If the root's slug was taken meanwhile, the root gets the first free one of {@code slug-2},
     * {@code slug-3}, … A held item is restored like any other (its hold goes with the item).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param actor who restores it, told to listeners (SPEC R40)
     * @return what was restored: the root, its slug (renamed or not) and how many resources came back
     * @throws NotFoundException if the item does not exist in {@code workspace} (or was purged)
     * @throws ExpiredException if it is past its expiry (and not held)
     * @throws ParentInTrashException if the root's parent is in the Trash
     * @throws ConflictException if a purge has claimed it, or a cascaded child's slug was taken
     * @throws RetryableException if a concurrent operation changed the item meanwhile
     */
    Restored restore(WorkspaceId workspace, TrashItemId item, ActorId actor);

    /**
     * Restores the item like {@link #restore}, but under another parent (SPEC R34): an active
     * resource of the root's parent type in the same workspace, e.g. another project for a model
     * whose project is in the Trash. The slug rule (SPEC R11) applies among the new parent's
     * children; the root's cascaded children come with it.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param parent the new parent
     * @param actor who restores it (SPEC R40)
     * @return what was restored: the root, its slug (renamed or not) and how many resources came back
     * @throws InvalidArgumentException if the root's type has no parent type, or {@code parent} is of another type
     * @throws NotFoundException if the item, or {@code parent}, does not exist in {@code workspace}
     * @throws ParentInTrashException if {@code parent} is in the Trash (SPEC R12)
     * @throws ExpiredException if the item is past its expiry (and not held)
     * @throws ConflictException if a purge has claimed it, or a cascaded child's slug was taken
     * @throws RetryableException if a concurrent operation changed the item meanwhile
     */
    Restored restoreInto(WorkspaceId workspace, TrashItemId item, ResourceRef parent, ActorId actor);

    /**
     * Works out what {@link #restore} would do now, changing nothing (SPEC R33): where the root would
     * go, the slug it would get, what per type would come back, or the refusal it would meet.
     * Reads only; may run inside a host's transaction. One refusal it cannot foresee: a cascaded
     * child whose slug an active resource took meanwhile is found only by the restore itself
     * (a {@link ConflictException}).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @return what the restore would do, or the refusal it would meet
     * @throws NotFoundException if the item does not exist in {@code workspace} (or was purged)
     */
    RestorePreview previewRestore(WorkspaceId workspace, TrashItemId item);

    /**
     * Works out what {@link #restoreInto} would do now, changing nothing (SPEC R33, R34).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param parent the parent to restore it into
     * @return what the restore would do, or the refusal it would meet
     * @throws NotFoundException if the item does not exist in {@code workspace} (or was purged)
     * @throws InvalidArgumentException if the root's type has no parent type, or {@code parent} is of another type
     */
    RestorePreview previewRestoreInto(WorkspaceId workspace, TrashItemId item, ResourceRef parent);

    /**
     * Restores each of {@code items} on its own (SPEC R35), in the order given: each atomically, in
     * its own transaction, one refusal stopping no other. Must be called outside any transaction of
     * the backend, since each item needs one of its own.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param items at most {@link #MAX_BULK} distinct items
     * @param actor who restores them (SPEC R40)
     * @return each item's outcome (restored, renamed, or refused and why)
     * @throws InvalidArgumentException if {@code items} is empty, too long, or names an item twice
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    BulkResult restoreAll(WorkspaceId workspace, List<TrashItemId> items, ActorId actor);

    /**
     * Purges each of {@code items} on its own (SPEC R35), like {@link #purge}, in the order given:
     * one refusal (held, not found, already being purged) stops no other.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param items at most {@link #MAX_BULK} distinct items
     * @param actor who purges them (SPEC R40)
     * @return each item's outcome (purged, retrying, or refused and why)
     * @throws InvalidArgumentException if {@code items} is empty, too long, or names an item twice
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    BulkResult purgeAll(WorkspaceId workspace, List<TrashItemId> items, ActorId actor);

    /**
     * Purges one item for good, now: its rows, its cascaded children, items trashed on their own
     * inside it (SPEC R18), and their external data through the purge hooks (SPEC R15). If a hook
     * fails, the item is already out of the Trash and the sweeper retries it (SPEC R19). Must be
     * called outside any transaction of the stores: the hooks run after the claim commits.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param actor who purges it (SPEC R40)
     * @return what was purged: items, bytes freed, and items left retrying because a hook failed
     * @throws NotFoundException if the item does not exist in {@code workspace}
     * @throws HeldException if it is held, or holds a held item inside it (SPEC R32)
     * @throws ConflictException if another purge holds it
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    Purged purge(WorkspaceId workspace, TrashItemId item, ActorId actor);

    /**
     * Purges every item of the workspace's Trash (SPEC R16), batch by batch, except held ones
     * ({@link Purged#held()} says how many it kept, SPEC R32). An item with a held item nested inside
     * waits, out of the list, until the hold is lifted (it is counted as retrying). Must be called
     * outside any transaction of the stores, like {@link #purge}.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param actor who empties the Trash (SPEC R40)
     * @return what was purged, what is retrying, and how many held items were kept
     * @throws IllegalStateException if a transaction of the backend is open on this thread
     */
    Purged emptyTrash(WorkspaceId workspace, ActorId actor);

    /**
     * Places a hold on an item (SPEC R32): from now on nothing purges it, even past its expiry, and it
     * stays listed and restorable. It ends one way against a racing purge: placed before any purge
     * hook of the item runs, or refused.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param reason why (shown with the item): not blank, at most 255 characters
     * @param actor who places it
     * @return the item, held
     * @throws NotFoundException if the item does not exist in {@code workspace}
     * @throws ExpiredException if it is past its expiry (SPEC R9: it can no longer be restored)
     * @throws ConflictException if it is already held, or a purge has claimed it
     */
    TrashItem hold(WorkspaceId workspace, TrashItemId item, String reason, ActorId actor);

    /**
     * Lifts an item's hold (SPEC R32). An item past its expiry is then due at once: it is no longer
     * listed, and the sweeper purges it.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param item the trash item's id
     * @param actor who lifts it
     * @return the item as it is now (an expired one is not listed any more, but still returned)
     * @throws NotFoundException if the item does not exist in {@code workspace}
     * @throws ConflictException if it is not held
     */
    TrashItem releaseHold(WorkspaceId workspace, TrashItemId item, ActorId actor);

    /**
     * Re-applies the retention policy ({@link Builder#retentionPolicy}) to the workspace's listed items
     * (SPEC R36): each gets deletion time plus the retention the policy gives now, but never an
     * expiry before now (an item whose new retention has already passed expires now). Items a purge
     * has claimed, or that expired already (held or not), keep theirs; an item whose expiry changes
     * is warned again before the new one (SPEC R39). One statement per type.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param actor who re-applies it (SPEC R40)
     * @return how many items got a new expiry
     */
    long reapplyRetention(WorkspaceId workspace, ActorId actor);

    /**
     * {@return the bytes the workspace's Trash holds, in total and per type (SPEC R8)}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     */
    StorageSummary storageSummary(WorkspaceId workspace);

    /**
     * {@return a treemap of the workspace's Trash (SPEC R8)}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param options the canvas size, the most tiles and the colours
     */
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

    /**
     * {@return a new sweeper over this manager's stores; it does nothing until the host runs it (SPEC R17)}
     *
     * @param options the sweeper's batch size, interval, lease and retry backoff
     */
    TrashSweeper sweeper(SweeperOptions options);

    /** {@return the resource types of the backend, by name, parents before children} */
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

    /** {@return a new builder} */
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
        private RetentionPolicy policy = (workspace, type, retention) -> retention;
        private Duration warnBefore;
        private ExpiryWarnings warnings;

        private Builder() {
        }

        /**
         * Sets the backend: the store, the host's resources, their transactions and the
         * description of every resource type, all from one place (SPEC R25), e.g.
         * {@code InMemoryTrash.create(types…)} or trash-jdbi's {@code JdbiTrash.create(dataSource, tables…)}.
         *
         * @param backend the backend that brings the store, resources and transactions
         * @return this builder
         */
        public Builder backend(TrashBackend backend) {
            this.backend = Check.notNull(backend, "backend");
            return this;
        }

        /**
         * Sets the clock every time of the library comes from (default: system UTC).
         *
         * @param clock the clock to read time from
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Check.notNull(clock, "clock");
            return this;
        }

        /**
         * Sets the default retention (SPEC R2); a type may set its own.
         *
         * @param retention how long a deleted item stays in the Trash
         * @return this builder
         * @throws InvalidArgumentException if it is zero, negative or over ten years
         */
        public Builder retention(Duration retention) {
            this.retention = Check.positive(retention, ResourceType.MAX_RETENTION, "retention");
            return this;
        }

        /**
         * Sets the retention policy (SPEC R36), asked at each delete for the retention of the root's
         * type in the workspace; by default, the type's own retention, else {@link #retention}.
         *
         * @param policy the retention policy
         * @return this builder
         */
        public Builder retentionPolicy(RetentionPolicy policy) {
            this.policy = Check.notNull(policy, "retentionPolicy");
            return this;
        }

        /**
         * Makes every sweeper of the manager tell {@code warnings} about each item {@code before} its
         * expiry (e.g. 7 days), once per item, never for an item restored or held first (SPEC R39).
         * By default no warning is sent.
         *
         * @param before how long before its expiry an item is warned about
         * @param warnings the expiry warnings
         * @return this builder
         * @throws InvalidArgumentException if {@code before} is not positive or over ten years
         */
        public Builder expiryWarnings(Duration before, ExpiryWarnings warnings) {
            this.warnBefore = Check.positive(before, ResourceType.MAX_RETENTION, "warning time");
            this.warnings = Check.notNull(warnings, "expiryWarnings");
            return this;
        }

        /**
         * Adds a purge hook; hooks run in the order added.
         *
         * @param hook the purge hook to add
         * @return this builder
         */
        public Builder purgeHook(PurgeHook hook) {
            hooks.add(Check.notNull(hook, "purgeHook"));
            return this;
        }

        /**
         * Sets the storage ledger told about freed bytes (SPEC R20).
         *
         * @param ledger the storage ledger
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
         * @param options the batch size, lease and retry backoff of manual purges
         * @return this builder
         */
        public Builder purgeOptions(SweeperOptions options) {
            this.purgeOptions = Check.notNull(options, "purgeOptions");
            return this;
        }

        /**
         * Adds an event listener.
         *
         * @param listener the listener to add
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
            return Managers.create(backend, clock, retention, hooks, ledger, listeners, purgeOptions, policy, warnBefore,
                    warnings);
        }
    }
}
