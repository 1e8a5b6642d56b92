package dev.trash;

import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the Trash, as a host shows it (SPEC R7): made by one delete, it holds the deleted
 * root and its cascaded children. {@code expiresInDays} is computed when the item is read, from
 * the manager's clock. Immutable and thread-safe.
 *
 * @param id the item's id
 * @param workspace the workspace whose Trash holds it
 * @param root the deleted resource
 * @param name the root's name when it was deleted
 * @param slug the root's slug when it was deleted, if its type has slugs
 * @param parent the root's parent (type, id, name) if the root has one
 * @param deletedAt when it was deleted
 * @param deletedBy who deleted it (SPEC R5a)
 * @param expiresAt deletion time plus retention, fixed at deletion; after it the item is gone
 * @param expiresInDays whole days until expiry, rounded up; at least 1 while the item is listed
 * @param sizeBytes bytes of the root plus all cascaded children
 * @param cascadedCount how many children moved with the root (the "+N" badge)
 * @param hold the hold on the item, if one is in place (SPEC R32): it is then never purged and
 *     stays listed past its expiry
 */
public record TrashItem(TrashItemId id, WorkspaceId workspace, ResourceRef root, String name,
                        Optional<String> slug, Optional<ParentInfo> parent, Instant deletedAt,
                        ActorId deletedBy, Instant expiresAt, long expiresInDays, long sizeBytes,
                        long cascadedCount, Optional<Hold> hold) {
    /**
     * Validates every component.
     *
     * @param id the item's id
     * @param workspace the workspace whose Trash holds it
     * @param root the deleted resource
     * @param name the root's name when it was deleted
     * @param slug the root's slug when it was deleted, if its type has slugs
     * @param parent the root's parent (type, id, name) if the root has one
     * @param deletedAt when it was deleted
     * @param deletedBy who deleted it (SPEC R5a)
     * @param expiresAt deletion time plus retention, fixed at deletion; after it the item is gone
     * @param expiresInDays whole days until expiry, rounded up; at least 1 while the item is listed
     * @param sizeBytes bytes of the root plus all cascaded children
     * @param cascadedCount how many children moved with the root (the "+N" badge)
     * @param hold the hold on the item, if one is in place (SPEC R32): it is then never purged and
     *     stays listed past its expiry
     */
    public TrashItem {
        Check.notNull(id, "id");
        Check.notNull(workspace, "workspace");
        Check.notNull(root, "root");
        Check.notNull(name, "name");
        Check.notNull(slug, "slug");
        Check.notNull(parent, "parent");
        Check.notNull(deletedAt, "deletedAt");
        Check.notNull(deletedBy, "deletedBy");
        Check.notNull(expiresAt, "expiresAt");
        Check.notNegative(expiresInDays, "expiresInDays");
        Check.notNegative(sizeBytes, "sizeBytes");
        Check.notNegative(cascadedCount, "cascadedCount");
        Check.notNull(hold, "hold");
    }

    /** {@return whether a hold is in place (SPEC R32)} */
    public boolean held() {
        return hold.isPresent();
    }

    /** {@return the type of the root, e.g. {@code project}} */
    public String type() {
        return root.type();
    }

    /**
     * {@return the expiry as the Trash shows it, e.g. {@code "30d"}; {@code "held"} for a held item
     *     past its expiry, which is never purged while held}
     */
    public String expiresInLabel() {
        return held() && expiresInDays == 0 ? "held" : expiresInDays + "d";
    }

    /** {@return the cascade badge, e.g. {@code "+12"}, or an empty string when nothing was cascaded} */
    public String badge() {
        return cascadedCount == 0 ? "" : "+" + cascadedCount;
    }
}
