package dev.trash.spi;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.internal.Check;

/**
 * The resources one trash item holds, as {@link HostResources} finds them: its root, by id, and
 * below it, level by level through the parent keys, every row the delete cascaded to (marked with
 * the item; SPEC R3), and the rows of types hidden with their parent (SPEC R42) under those. A store
 * can therefore reach every row of an item through its primary and parent-key indexes, with no
 * index on the trash column of a child table (so that marking a row changes no index: in
 * PostgreSQL, a HOT update). Immutable and thread-safe.
 *
 * @param item the trash item
 * @param root the resource that was deleted
 */
public record ItemTree(TrashItemId item, ResourceRef root) {
    /**
     * Validates both components.
     *
     * @param item the trash item
     * @param root the resource that was deleted
     */
    public ItemTree {
        Check.notNull(item, "item");
        Check.notNull(root, "root");
    }

    /**
     * {@return the tree of {@code record}: its id and its root}
     *
     * @param record the trash item as the store keeps it
     */
    public static ItemTree of(TrashRecord record) {
        return new ItemTree(record.id(), record.root());
    }
}
