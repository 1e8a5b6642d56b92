package dev.trash.spi;

import dev.trash.Hold;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: where trash items are kept. Every method works inside one workspace and names it, so that
 * on a database sharded by workspace each call is a single-shard statement (SPEC R44); only
 * {@link #workspaces} and {@link #totals} look across workspaces, without locking.
 *
 * <p>The store decides nothing about purge states: core hands it plain {@link Condition}s (what
 * "listed", "due", "claimable", "owned by" mean) and {@link PurgeChange}s (what a claim or a
 * release writes), and the store evaluates and applies them. The conditional methods are what make
 * racing restores, purges and sweepers end in one outcome (SPEC R22): each checks its condition and
 * changes the rows in one atomic step (in SQL: row locks, then an {@code UPDATE}/{@code DELETE} of
 * exactly the rows locked).
 *
 * <p>Writes run in the caller's current transaction ({@link TrashTransactions}); {@code find},
 * {@code list}, {@code workspaces}, {@code summarize} and {@code largest} may also be called
 * outside one. Implementations must be thread-safe.
 */
public interface TrashStore {
    /**
     * Stores a new item.
     *
     * @param record the trash item as the store keeps it
     */
    void insert(TrashRecord record);

    /**
     * {@return the item with this id in this workspace, in whatever state}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param id the item's id
     */
    Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id);

    /**
     * {@return one page of the workspace's items that match {@code request.where()}, see {@link ListRequest}}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param request what to list: condition, order, page size and position
     */
    List<TrashRecord> list(WorkspaceId workspace, ListRequest request);

    /**
     * Removes the item if it matches {@code where}, in one atomic step (restore).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param id the item's id
     * @param where the condition the items must match
     * @return whether it was removed; false if it does not match (another operation got it first)
     */
    boolean remove(WorkspaceId workspace, TrashItemId id, Condition where);

    /**
     * Removes those of {@code ids} that match {@code where}, locking them in one global order (ids
     * ascending, unsigned) so that two such calls cannot deadlock.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ids the ids of the items
     * @param where the condition the items must match
     * @return the ids removed
     */
    Set<TrashItemId> removeAll(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where);

    /**
     * Lists, without locking anything, workspaces that hold at least one item matching
     * {@code where} (the sweeper then claims inside each). The order is not part of the contract.
     *
     * @param where the condition the items must match
     * @param limit the most items to return
     * @return up to {@code limit} workspaces
     */
    List<WorkspaceId> workspaces(Condition where, int limit);

    /**
     * Claims up to {@code limit} of the workspace's items that match {@code where}, skipping (not
     * waiting for) items that another transaction holds, so concurrent sweepers take disjoint sets,
     * and applies {@code change} to them. Should take the items with the earliest
     * {@link ItemField#DUE_AT} first, so a backlog drains oldest first (not part of the contract).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param where the condition the items must match
     * @param change what the claim writes to each claimed item
     * @param limit the most items to return
     * @return the claimed items, as they are after the change
     */
    List<TrashRecord> claimNext(WorkspaceId workspace, Condition where, PurgeChange change, int limit);

    /**
     * Claims those of {@code ids} that match {@code where}, waiting for items other transactions
     * hold and re-checking {@code where} after the wait, locking in ids' global order; applies
     * {@code change} to them.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ids the ids of the items
     * @param where the condition the items must match
     * @param change what the claim writes to each claimed item
     * @return the claimed items, as they are after the change
     */
    List<TrashRecord> claim(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where, PurgeChange change);

    /**
     * Claims up to {@code limit} of the workspace's items that match {@code where}, waiting for
     * items other transactions hold (Empty Trash): returns an empty list only if no item matches
     * any more. Applies {@code change} to them.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param where the condition the items must match
     * @param change what the claim writes to each claimed item
     * @param limit the most items to return
     * @return the claimed items, as they are after the change
     */
    List<TrashRecord> claimAny(WorkspaceId workspace, Condition where, PurgeChange change, int limit);

    /**
     * Applies {@code change} to those of {@code ids} that match {@code where} (a release).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ids the ids of the items
     * @param where the condition the items must match
     * @param change what the claim writes to each claimed item
     * @return how many items changed
     */
    int update(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where, PurgeChange change);

    /**
     * Places or lifts a hold (SPEC R32): writes {@code hold} (empty: none) to the item if it matches
     * {@code where}, in one atomic step, so that a hold and a purge's claim racing on the item end one
     * way. The hold is its own field ({@link ItemField#HELD_AT}); it changes nothing else of the item.
     *
     * <p>The default throws: a store written before holds existed cannot keep them.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param id the item's id
     * @param where the condition the items must match
     * @param hold the hold to write; empty lifts the hold
     * @return whether the item matched and was changed
     * @throws UnsupportedOperationException if the store cannot keep holds
     * @since 0.2 (added for SPEC R32)
     */
    default boolean setHold(WorkspaceId workspace, TrashItemId id, Condition where, Optional<Hold> hold) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement TrashStore.setHold, "
                + "which holds (TrashManager.hold) need; implement it (one conditional UPDATE)");
    }

    /**
     * Gives the workspace's items whose root is of {@code rootType} and that match {@code where} a new
     * expiry (SPEC R36), in one statement: their deletion time plus {@code retention} (to the
     * microsecond, rounded down), or {@code notBefore} if that is later. {@code where} only ever
     * selects items in the Trash (not claimed by a purge), whose {@link ItemField#DUE_AT} is their
     * expiry: it changes with it. An item whose expiry changes loses its expiry warning
     * ({@link ItemField#WARNED_AT}, SPEC R39), so it is warned again before the new expiry; an item
     * whose expiry would stay the same is not changed and not counted.
     *
     * <p>The default throws: a store written before retention policies existed cannot re-apply one.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param rootType the type of the root
     * @param retention how long a deleted item stays in the Trash
     * @param notBefore the earliest time a new expiry may have
     * @param where the condition the items must match
     * @return how many items got a new expiry
     * @throws UnsupportedOperationException if the store cannot change expiries
     * @since 0.2 (added for SPEC R36)
     */
    default long changeExpiry(WorkspaceId workspace, String rootType, Duration retention,
                              Instant notBefore, Condition where) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement TrashStore.changeExpiry, "
                + "which TrashManager.reapplyRetention needs; implement it (one UPDATE per root type)");
    }

    /**
     * Records, on up to {@code limit} of the workspace's items that match {@code where}, that the
     * host was warned of their expiry at {@code at} (SPEC R39), skipping (not waiting for) items
     * another transaction holds, so that concurrent sweepers warn disjoint sets; {@code where}
     * includes "not warned yet", so each item is marked once. Should take the soonest expiring first.
     *
     * <p>The default throws: a store written before expiry warnings existed cannot record them.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param where the condition the items must match
     * @param at the warning time to record on each item
     * @param limit the most items to return
     * @return the marked items, as they are after the change
     * @throws UnsupportedOperationException if the store cannot record warnings
     * @since 0.2 (added for SPEC R39)
     */
    default List<TrashRecord> markWarned(WorkspaceId workspace, Condition where, Instant at, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement TrashStore.markWarned, "
                + "which expiry warnings need; implement it (one locking SELECT and one UPDATE)");
    }

    /**
     * Clears the warning recorded at {@code at} on those of {@code ids} that still carry it: the host
     * could not take the warning, and the next sweep offers it again (SPEC R39).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ids the ids of the items
     * @param at the warning time the items must still carry
     * @return how many items changed
     * @throws UnsupportedOperationException if the store cannot record warnings
     * @since 0.2 (added for SPEC R39)
     */
    default int clearWarned(WorkspaceId workspace, Collection<TrashItemId> ids, Instant at) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement TrashStore.clearWarned, "
                + "which expiry warnings need; implement it (one UPDATE)");
    }

    /**
     * {@return the workspace's storage: items and bytes matching {@code listed}, in total and per
     *     root type, and the items and bytes of every other item (being purged, or expired)}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param listed the condition of a listed item
     */
    StorageSummary summarize(WorkspaceId workspace, Condition listed);

    /**
     * {@return the {@code limit} largest items of the workspace matching {@code listed}, largest first}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param listed the condition of a listed item
     * @param limit the most items to return
     */
    List<TrashRecord> largest(WorkspaceId workspace, Condition listed, int limit);

    /**
     * Counts, across every workspace and without locking anything, the items that match
     * {@code where}: how many, their bytes, and the earliest {@link ItemField#DUE_AT} among them.
     * For metrics and health checks ({@link dev.trash.TrashManager#totals()}, SPEC R31); it may be
     * called outside a transaction, and several calls need not see one snapshot.
     *
     * <p>The default throws: a store written before this method existed has no way to count across
     * workspaces. Both stores of the library implement it.
     *
     * @param where the condition the items must match
     * @return the totals of the matching items
     * @throws UnsupportedOperationException if the store cannot count across workspaces
     * @since 0.1 (added for SPEC R31)
     */
    default ItemTotals totals(Condition where) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement TrashStore.totals, "
                + "which TrashManager.totals() and the metrics need; implement it (one aggregate query)");
    }
}
