package dev.trash.spi;

import dev.trash.ResourceType;
import dev.trash.WorkspaceId;
import java.time.Duration;

/**
 * Port: the host's retention policy (SPEC R36), e.g. plans of 30, 180 or 365 days per workspace.
 * Asked at each delete for the retention of the deleted root's type in the deleting workspace; the
 * expiry it gives is fixed on the item. A changed policy affects later deletes only, unless the host
 * calls {@link dev.trash.TrashManager#reapplyRetention}. Called inside the delete's transaction:
 * it should answer from memory or a cache, not a slow remote call. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface RetentionPolicy {
    /**
     * {@return the retention for items of {@code type} deleted in {@code workspace}}: positive and at
     * most {@link ResourceType#MAX_RETENTION}. {@code defaultRetention} is what the manager would use
     * without a policy (the type's own retention, else the builder's).
     *
     * @param workspace the workspace the call works in (SPEC R44)
     * @param type the type of the deleted root
     * @param defaultRetention the retention of the type, as configured
     */
    Duration retention(WorkspaceId workspace, ResourceType type, Duration defaultRetention);
}
