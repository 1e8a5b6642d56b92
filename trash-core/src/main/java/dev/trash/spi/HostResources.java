package dev.trash.spi;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Port: the host's own resources. A resource is in the Trash when it is <em>marked</em> with the
 * id of a trash item (in a table: one nullable column); the root of a delete and every child the
 * delete cascaded to carry the same item id, a child deleted on its own carries its own. The
 * library only ever works on a whole level at once: every method that touches many rows must do
 * so in one statement, so a cascade costs O(levels of the type graph), never O(rows).
 *
 * <p>Every method works inside one workspace and names it: a row of another workspace is never
 * read, marked, cascaded, restored or purged (SPEC R21), and on a database sharded by workspace
 * every statement is a single-shard one (SPEC R44). A child row whose workspace differs from its
 * parent's is therefore never cascaded into the parent's item: host data that links across
 * workspaces is the host's to fix.
 *
 * <p>Writes, {@link #findForShare} and {@link #slugsInUse} run in the caller's current transaction
 * ({@link TrashTransactions}). {@link #find}, {@link #nestedItems} and {@link #marked} may also be
 * called outside one, each then being a transaction of its own. Implementations must be
 * thread-safe.
 */
public interface HostResources {
    /**
     * Reads one resource of the workspace, without locking it.
     *
     * @return the resource and whether it is trashed; empty if it does not exist in {@code workspace}
     */
    Optional<ResourceState> find(WorkspaceId workspace, ResourceRef ref);

    /**
     * Reads one resource like {@link #find} and keeps a shared lock on it until the transaction
     * ends (in SQL: {@code SELECT … FOR SHARE}), so that no concurrent delete can mark it
     * meanwhile. Restore reads the root's parent this way: the parent it saw active stays active
     * until the restored children are back.
     *
     * @return the resource and whether it is trashed; empty if it does not exist in {@code workspace}
     */
    Optional<ResourceState> findForShare(WorkspaceId workspace, ResourceRef ref);

    /**
     * Marks one active resource of the workspace with {@code item}.
     *
     * @return false if the resource is gone or already marked (a concurrent delete won)
     */
    boolean mark(WorkspaceId workspace, ResourceRef ref, TrashItemId item);

    /**
     * Marks with {@code item} every active resource of {@code link.childType()} in the workspace
     * whose parent (of {@code link.parentType()}, in the workspace) is marked with {@code item}:
     * one cascade level. For a {@linkplain TypeLink#nested() nested} link (folders in folders,
     * SPEC R37) it marks every active descendant of that type, at every depth, in one statement
     * (in SQL, a recursive one), so a cascade costs the same whatever the depth.
     *
     * @return how many resources were marked and their bytes
     */
    Marked markChildren(WorkspaceId workspace, TypeLink link, TrashItemId item);

    /**
     * Clears the mark of every resource of {@code type} in the workspace marked with {@code item}.
     *
     * @return how many resources became active again
     * @throws SlugTakenException if that would give two active resources the same slug in one scope
     */
    long unmark(WorkspaceId workspace, String type, TrashItemId item);

    /**
     * Finds, in one query, the slugs a restore must not take: the slugs of active resources of
     * {@code type} in the scope that are {@code base} itself or start with {@code base + "-"}
     * (e.g. for {@code cats}: {@code cats}, {@code cats-2}, {@code cats-draft}; not {@code cats2}).
     * In SQL, {@code base} must be escaped for {@code LIKE}.
     *
     * @param parent the parent whose children share the scope, or empty for workspace scope
     * @return those slugs; empty if none is in use
     */
    Set<String> slugsInUse(WorkspaceId workspace, String type, Optional<ResourceRef> parent, String base);

    /** Changes the slug of a (trashed) resource of the workspace; restore then unmarks it. */
    void changeSlug(WorkspaceId workspace, ResourceRef ref, String slug);

    /**
     * Finds the children trashed on their own inside the given items (SPEC R4, R18): resources of
     * {@code link.childType()} in the workspace whose parent is marked with one of {@code items}
     * and that are marked with another item than their parent (which may itself be one of
     * {@code items}).
     *
     * @return for each such child's item, the item of {@code items} that marks its parent
     */
    Map<TrashItemId, TrashItemId> nestedItems(WorkspaceId workspace, TypeLink link, Collection<TrashItemId> items);

    /**
     * Deletes for good every resource of {@code type} in the workspace marked with one of
     * {@code items}. Called bottom-up (children's types before their parents'); for a nested type
     * the rows of one call are parents and children of each other, and must be deleted children
     * first (foreign keys that are checked row by row, as InnoDB's, see each delete).
     *
     * @return how many were deleted
     */
    long purge(WorkspaceId workspace, String type, Collection<TrashItemId> items);

    /**
     * Counts, in one query, the resources of {@code type} in the workspace marked with {@code item},
     * and their bytes: what a restore of the item would bring back of that type (SPEC R33).
     *
     * <p>The default throws: resources written before restore previews existed cannot count.
     *
     * @return their number and bytes
     * @throws UnsupportedOperationException if these resources cannot count marked rows
     * @since 0.2 (added for SPEC R33)
     */
    default Marked measure(WorkspaceId workspace, String type, TrashItemId item) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement HostResources.measure, "
                + "which TrashManager.previewRestore needs; implement it (one aggregate query)");
    }

    /**
     * Moves a (trashed) resource of the workspace under another parent of its parent type, in the
     * workspace (restore elsewhere, SPEC R34); the restore then unmarks it. Its children stay its
     * children.
     *
     * <p>The default throws: resources written before restore elsewhere existed cannot move one.
     *
     * @throws UnsupportedOperationException if these resources cannot move a resource
     * @since 0.2 (added for SPEC R34)
     */
    default void moveTo(WorkspaceId workspace, ResourceRef ref, ResourceRef parent) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement HostResources.moveTo, "
                + "which TrashManager.restoreInto needs; implement it (one UPDATE of the parent column)");
    }

    /** @return the resources of {@code type} in the workspace marked with {@code item}: for purge hooks */
    List<ResourceRef> marked(WorkspaceId workspace, String type, TrashItemId item);
}
