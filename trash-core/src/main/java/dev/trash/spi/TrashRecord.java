package dev.trash.spi;

import dev.trash.ActorId;
import dev.trash.Hold;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import java.time.Instant;
import java.util.Optional;

/**
 * A trash item as a {@link TrashStore} keeps it. An item with an empty {@code purge} is in the
 * Trash; one with a purge state has been claimed by a purge. What that makes listed, restorable or
 * due is decided by core's conditions ({@link Condition}), not here.
 * Immutable and thread-safe.
 *
 * @param id the item's id
 * @param workspace its workspace
 * @param root the deleted resource
 * @param name the root's name at deletion
 * @param slug the root's slug at deletion, if its type has slugs
 * @param parent the root's parent at deletion, if any
 * @param deletedAt when it was deleted (microsecond precision)
 * @param deletedBy who deleted it
 * @param expiresAt deletion time plus retention
 * @param sizeBytes bytes of the root and its cascaded children
 * @param cascadedCount number of cascaded children
 * @param purge the purge state, once a purge has claimed the item
 * @param hold the hold on the item, if one is in place (SPEC R32)
 * @param warnedAt when the sweeper warned the host that the item expires soon, if it did (SPEC R39)
 */
public record TrashRecord(TrashItemId id, WorkspaceId workspace, ResourceRef root, String name,
                          Optional<String> slug, Optional<ParentInfo> parent, Instant deletedAt,
                          ActorId deletedBy, Instant expiresAt, long sizeBytes, long cascadedCount,
                          Optional<PurgeState> purge, Optional<Hold> hold, Optional<Instant> warnedAt) {
    /**
     * Validates every component.
     *
     * @param id the item's id
     * @param workspace its workspace
     * @param root the deleted resource
     * @param name the root's name at deletion
     * @param slug the root's slug at deletion, if its type has slugs
     * @param parent the root's parent at deletion, if any
     * @param deletedAt when it was deleted (microsecond precision)
     * @param deletedBy who deleted it
     * @param expiresAt deletion time plus retention
     * @param sizeBytes bytes of the root and its cascaded children
     * @param cascadedCount number of cascaded children
     * @param purge the purge state, once a purge has claimed the item
     * @param hold the hold on the item, if one is in place (SPEC R32)
     * @param warnedAt when the sweeper warned the host that the item expires soon, if it did (SPEC R39)
     */
    public TrashRecord {
        Check.notNull(id, "id");
        Check.notNull(workspace, "workspace");
        Check.notNull(root, "root");
        Check.notNull(name, "name");
        Check.notNull(slug, "slug");
        Check.notNull(parent, "parent");
        Check.notNull(deletedAt, "deletedAt");
        Check.notNull(deletedBy, "deletedBy");
        Check.notNull(expiresAt, "expiresAt");
        Check.notNegative(sizeBytes, "sizeBytes");
        Check.notNegative(cascadedCount, "cascadedCount");
        Check.notNull(purge, "purge");
        Check.notNull(hold, "hold");
        Check.notNull(warnedAt, "warnedAt");
    }

    /**
     * A record without an expiry warning.
     *
     * @param id the item's id
     * @param workspace its workspace
     * @param root the deleted resource
     * @param name the root's name at deletion
     * @param slug the root's slug at deletion, if its type has slugs
     * @param parent the root's parent at deletion, if any
     * @param deletedAt when it was deleted (microsecond precision)
     * @param deletedBy who deleted it
     * @param expiresAt deletion time plus retention
     * @param sizeBytes bytes of the root and its cascaded children
     * @param cascadedCount number of cascaded children
     * @param purge the purge state, once a purge has claimed the item
     * @param hold the hold on the item, if one is in place (SPEC R32)
     */
    public TrashRecord(TrashItemId id, WorkspaceId workspace, ResourceRef root, String name, Optional<String> slug,
                       Optional<ParentInfo> parent, Instant deletedAt, ActorId deletedBy, Instant expiresAt,
                       long sizeBytes, long cascadedCount, Optional<PurgeState> purge, Optional<Hold> hold) {
        this(id, workspace, root, name, slug, parent, deletedAt, deletedBy, expiresAt, sizeBytes, cascadedCount, purge,
                hold, Optional.empty());
    }

    /**
     * A record without a hold: what a delete stores.
     *
     * @param id the item's id
     * @param workspace its workspace
     * @param root the deleted resource
     * @param name the root's name at deletion
     * @param slug the root's slug at deletion, if its type has slugs
     * @param parent the root's parent at deletion, if any
     * @param deletedAt when it was deleted (microsecond precision)
     * @param deletedBy who deleted it
     * @param expiresAt deletion time plus retention
     * @param sizeBytes bytes of the root and its cascaded children
     * @param cascadedCount number of cascaded children
     * @param purge the purge state, once a purge has claimed the item
     */
    public TrashRecord(TrashItemId id, WorkspaceId workspace, ResourceRef root, String name, Optional<String> slug,
                       Optional<ParentInfo> parent, Instant deletedAt, ActorId deletedBy, Instant expiresAt,
                       long sizeBytes, long cascadedCount, Optional<PurgeState> purge) {
        this(id, workspace, root, name, slug, parent, deletedAt, deletedBy, expiresAt, sizeBytes, cascadedCount, purge,
                Optional.empty());
    }

    /**
     * {@return this record with the given purge state}
     *
     * @param state the purge state, or empty for none
     */
    public TrashRecord withPurge(Optional<PurgeState> state) {
        return new TrashRecord(id, workspace, root, name, slug, parent, deletedAt, deletedBy, expiresAt,
                sizeBytes, cascadedCount, state, hold, warnedAt);
    }

    /**
     * {@return this record with the given hold}
     *
     * @param newHold the new hold, or empty to lift it
     */
    public TrashRecord withHold(Optional<Hold> newHold) {
        return new TrashRecord(id, workspace, root, name, slug, parent, deletedAt, deletedBy, expiresAt,
                sizeBytes, cascadedCount, purge, newHold, warnedAt);
    }

    /**
     * {@return this record with a new expiry (SPEC R36); only ever called for an item in the Trash}
     *
     * @param newExpiry the new expiry
     */
    public TrashRecord withExpiresAt(Instant newExpiry) {
        return new TrashRecord(id, workspace, root, name, slug, parent, deletedAt, deletedBy, newExpiry,
                sizeBytes, cascadedCount, purge, hold, warnedAt);
    }

    /**
     * {@return this record with the given warning time (SPEC R39)}
     *
     * @param at when the host was warned of the expiry
     */
    public TrashRecord withWarnedAt(Optional<Instant> at) {
        return new TrashRecord(id, workspace, root, name, slug, parent, deletedAt, deletedBy, expiresAt,
                sizeBytes, cascadedCount, purge, hold, at);
    }
}
