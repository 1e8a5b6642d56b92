package dev.trash.spi;

import dev.trash.TrashItemId;
import dev.trash.internal.Check;
import java.util.Optional;

/**
 * A host resource and, if it is in the Trash, the id of the trash item that holds it (its own
 * item, or the item of the ancestor whose delete cascaded to it). Immutable and thread-safe.
 *
 * @param resource the resource as the host stores it
 * @param trashedBy the item marking it as trashed; empty if it is active
 */
public record ResourceState(HostResource resource, Optional<TrashItemId> trashedBy) {
    /**
     * Validates both components.
     *
     * @param resource the resource as the host stores it
     * @param trashedBy the item marking it as trashed; empty if it is active
     */
    public ResourceState {
        Check.notNull(resource, "resource");
        Check.notNull(trashedBy, "trashedBy");
    }

    /** {@return whether the resource is active (not in the Trash)} */
    public boolean active() {
        return trashedBy.isEmpty();
    }
}
