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
 * <p>The library names an item's rows by its {@link ItemTree} (the item and its root), so that a
 * store finds them from the root down, through the parent keys: the root by its id, each level's
 * rows through their parents of the level above (in SQL, the parent-key index), never through an
 * index on the trash column (SPEC R42's companion: marking then changes no index). A type nested in
 * itself (SPEC R37) may be found by its mark instead. The rows of a type
 * {@linkplain dev.trash.ResourceType#hiddenWithParent() hidden with its parent} (SPEC R42) are
 * never marked by a cascade: they belong to an item's tree when they are active and their parent
 * belongs to it.
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
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ref the resource to read
     * @return the resource and whether it is trashed; empty if it does not exist in {@code workspace}
     */
    Optional<ResourceState> find(WorkspaceId workspace, ResourceRef ref);

    /**
     * Reads one resource like {@link #find} and keeps a shared lock on it until the transaction
     * ends (in SQL: {@code SELECT … FOR SHARE}), so that no concurrent delete can mark it
     * meanwhile. Restore reads the root's parent this way: the parent it saw active stays active
     * until the restored children are back.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ref the resource to read and lock
     * @return the resource and whether it is trashed; empty if it does not exist in {@code workspace}
     */
    Optional<ResourceState> findForShare(WorkspaceId workspace, ResourceRef ref);

    /**
     * Marks one active resource of the workspace with {@code item}.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ref the resource to mark
     * @param item the trash item's id
     * @return false if the resource is gone or already marked (a concurrent delete won)
     */
    boolean mark(WorkspaceId workspace, ResourceRef ref, TrashItemId item);

    /**
     * Marks with the tree's item every active resource of {@code link.childType()} in the workspace
     * whose parent (of {@code link.parentType()}, in the workspace) belongs to the tree: one cascade
     * level, called top-down after the root was {@linkplain #mark marked}. For a
     * {@linkplain TypeLink#nested() nested} link (folders in folders, SPEC R37) it marks every active
     * descendant of that type, at every depth, in one statement (in SQL, a recursive one), so a
     * cascade costs the same whatever the depth. For a child type hidden with its parent (SPEC R42)
     * it changes nothing and only measures the rows the tree now hides (one aggregate query).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param link the parent link
     * @param tree the item's tree of resources
     * @return how many resources were marked (or, hidden with their parent, are hidden) and their bytes
     */
    Marked markChildren(WorkspaceId workspace, TypeLink link, ItemTree tree);

    /**
     * Clears the mark of every resource of {@code type} in the workspace that the tree's item marks.
     * Called bottom-up (a type before its parent's, the root's type last), so that a level is still
     * found through its marked parents. Not called for a type hidden with its parent (SPEC R42).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the resource type, e.g. {@code project}
     * @param tree the item's tree of resources
     * @return how many resources became active again
     * @throws SlugTakenException if that would give two active resources the same slug in one scope
     */
    long unmark(WorkspaceId workspace, String type, ItemTree tree);

    /**
     * Finds, in one query, the slugs a restore must not take: the slugs of active resources of
     * {@code type} in the scope that are {@code base} itself or start with {@code base + "-"}
     * (e.g. for {@code cats}: {@code cats}, {@code cats-2}, {@code cats-draft}; not {@code cats2}).
     * In SQL, {@code base} must be escaped for {@code LIKE}.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the resource type, e.g. {@code project}
     * @param base the slug the resource was deleted with
     * @param parent the parent whose children share the scope, or empty for workspace scope
     * @return those slugs; empty if none is in use
     */
    Set<String> slugsInUse(WorkspaceId workspace, String type, Optional<ResourceRef> parent, String base);

    /**
     * Changes the slug of a (trashed) resource of the workspace; restore then unmarks it.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ref the resource to rename
     * @param slug its new slug
     */
    void changeSlug(WorkspaceId workspace, ResourceRef ref, String slug);

    /**
     * Finds the children trashed on their own inside the given trees (SPEC R4, R18): resources of
     * {@code link.childType()} in the workspace whose parent belongs to one of {@code trees} and
     * that are marked with another item than their parent's (which may itself be one of the trees').
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param link the parent link
     * @param trees the item trees
     * @return for each such child's item, the item of the tree its parent belongs to
     */
    Map<TrashItemId, TrashItemId> nestedItems(WorkspaceId workspace, TypeLink link, Collection<ItemTree> trees);

    /**
     * Deletes for good every resource of {@code type} in the workspace that belongs to one of
     * {@code trees} (for a type hidden with its parent, SPEC R42: every row whose parent does).
     * Called bottom-up (children's types before their parents', so that a level is still found
     * through its parents); for a nested type the rows of one call are parents and children of each
     * other, and must be deleted children first (foreign keys that are checked row by row, as
     * InnoDB's, see each delete).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the resource type, e.g. {@code project}
     * @param trees the item trees
     * @return how many were deleted
     */
    long purge(WorkspaceId workspace, String type, Collection<ItemTree> trees);

    /**
     * Counts, in one query, the resources of {@code type} in the workspace that belong to the tree
     * (marked with its item, or hidden under it, SPEC R42), and their bytes: what a restore of the
     * item would bring back of that type (SPEC R33).
     *
     * <p>The default throws: resources written before restore previews existed cannot count.
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the resource type, e.g. {@code project}
     * @param tree the item's tree of resources
     * @return their number and bytes
     * @throws UnsupportedOperationException if these resources cannot count marked rows
     * @since 0.2 (added for SPEC R33)
     */
    default Marked measure(WorkspaceId workspace, String type, ItemTree tree) {
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
     * @param workspace the workspace the call works in (SPEC R44)
     * @param ref the resource to move
     * @param parent its new parent, of its parent type
     * @throws UnsupportedOperationException if these resources cannot move a resource
     * @since 0.2 (added for SPEC R34)
     */
    default void moveTo(WorkspaceId workspace, ResourceRef ref, ResourceRef parent) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement HostResources.moveTo, "
                + "which TrashManager.restoreInto needs; implement it (one UPDATE of the parent column)");
    }

    /**
     * {@return the resources of {@code type} in the workspace that belong to the tree (marked with
     *     its item, or hidden under it, SPEC R42): for purge hooks}
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the resource type, e.g. {@code project}
     * @param tree the item's tree of resources
     */
    List<ResourceRef> marked(WorkspaceId workspace, String type, ItemTree tree);
}
