package dev.trash.spi;

import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;

/**
 * Something that happened to a Trash, told to {@link TrashListener}s after it committed.
 * Immutable and thread-safe.
 */
public sealed interface TrashEvent {
    /** @return the workspace the event happened in */
    WorkspaceId workspace();

    /**
     * A resource was moved to the Trash.
     *
     * @param item the new item
     */
    record Deleted(TrashItem item) implements TrashEvent {
        @Override
        public WorkspaceId workspace() {
            return item.workspace();
        }
    }

    /**
     * An item was restored.
     *
     * @param workspace the workspace
     * @param restored what came back
     */
    record RestoredItem(WorkspaceId workspace, Restored restored) implements TrashEvent {
    }

    /**
     * An item was purged for good.
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root, the resource that was deleted (its type tags metrics, SPEC R31)
     * @param bytes the bytes freed
     */
    record Purged(WorkspaceId workspace, TrashItemId item, ResourceRef root, long bytes) implements TrashEvent {
    }

    /**
     * A purge hook failed; the item will be retried.
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root, the resource that was deleted (its type tags metrics, SPEC R31)
     * @param attempt how many attempts have failed, this one included
     * @param error the failure's message
     */
    record PurgeFailed(WorkspaceId workspace, TrashItemId item, ResourceRef root, int attempt, String error)
            implements TrashEvent {
    }
}
