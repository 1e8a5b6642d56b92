package dev.trash.spi;

import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: where trash items are kept. Writes run in the caller's current transaction
 * ({@link TrashTransactions}); the reads {@code find}, {@code list}, {@code summarize} and
 * {@code largest} may also be called outside one. Every method is atomic on its own. The conditional methods
 * ({@code removeRestorable}, the {@code claim} family, {@code removeClaimed}) are what makes racing
 * restores, purges and sweepers end in one outcome (SPEC R22): each must check its condition and
 * change the row in one atomic step (e.g. {@code UPDATE … WHERE condition} with row locks).
 * Implementations must be thread-safe.
 */
public interface TrashStore {
    /** Stores a new item. */
    void insert(TrashRecord record);

    /** @return the item with this id in this workspace, in whatever state */
    Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id);

    /** @return one page of listed items, see {@link ListRequest} */
    List<TrashRecord> list(WorkspaceId workspace, ListRequest request);

    /**
     * Removes the item if it is restorable at {@code now} (not being purged, not expired).
     *
     * @return whether it was removed; false if another operation got it first
     */
    boolean removeRestorable(WorkspaceId workspace, TrashItemId id, Instant now);

    /**
     * Claims up to {@code limit} items that are due: in the Trash and expired at {@code claim.now()},
     * or being purged with {@code availableAt <= claim.now()}. Items another worker holds (its lease
     * has not run out) are skipped, not waited for, so concurrent sweepers take disjoint sets.
     * Implementations should take the items that became due first (by {@code expiresAt}, or
     * {@code availableAt} for released ones), so that a backlog drains oldest first; the exact
     * order is not part of the contract.
     *
     * @return the claimed items, with their new purge state
     */
    List<TrashRecord> claimDue(Claim claim, int limit);

    /**
     * Claims the given items if they are in the Trash (expired or not), or being purged with
     * {@code availableAt <= claim.now()}. Items of any workspace; the caller checked it.
     *
     * @return the items claimed; the rest were held by another worker, or are gone
     */
    List<TrashRecord> claim(Collection<TrashItemId> ids, Claim claim);

    /** @return up to {@code limit} items of the workspace that were in the Trash, now claimed (Empty Trash) */
    List<TrashRecord> claimWorkspace(WorkspaceId workspace, Claim claim, int limit);

    /**
     * Hands back items still owned by {@code owner}: they become claimable by anyone at
     * {@code availableAt}. With a {@code failure} (a hook or the delete failed) the item gets one
     * more failed attempt and the failure as its last error; without one (the purge only waited for
     * an item another worker holds) its attempts and last error stay as they were.
     */
    void release(Collection<TrashItemId> ids, String owner, Instant availableAt, Optional<String> failure);

    /**
     * Removes the items still owned by {@code owner} (a lease that ran out may have passed an
     * item to another worker).
     *
     * @return the ids removed
     */
    Set<TrashItemId> removeClaimed(Collection<TrashItemId> ids, String owner);

    /** @return the storage the workspace's Trash holds at {@code now} */
    StorageSummary summarize(WorkspaceId workspace, Instant now);

    /** @return the {@code limit} largest listed items of the workspace, largest first */
    List<TrashRecord> largest(WorkspaceId workspace, Instant now, int limit);
}
