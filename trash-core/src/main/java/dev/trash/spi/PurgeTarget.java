package dev.trash.spi;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import java.util.List;

/**
 * What a {@link PurgeHook} is asked to delete: one trash item that is being purged, with its root
 * and, on demand, the resources of each type it holds. Valid only during the hook call. Not
 * thread-safe: use it on the calling thread.
 */
public interface PurgeTarget {
    /** {@return the item being purged} */
    TrashItemId item();

    /** {@return its workspace} */
    WorkspaceId workspace();

    /** {@return its root} */
    ResourceRef root();

    /** {@return its bytes (root and cascaded children)} */
    long sizeBytes();

    /**
     * {@return the resources of {@code type} the item holds (one query per call)}
     *
     * @param type the resource type, e.g. {@code project}
     */
    List<ResourceRef> resources(String type);
}
