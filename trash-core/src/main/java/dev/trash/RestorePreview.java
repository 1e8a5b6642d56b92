package dev.trash;

import dev.trash.internal.Check;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore would do, worked out without changing anything (SPEC R33): the root, where it
 * would go, the slug it would get, and the resources per type it would bring back — or the refusal
 * it would meet. A preview is a snapshot: a restore made later may meet a different outcome if
 * the Trash or the host's data changed meanwhile. Immutable and thread-safe.
 *
 * @param item the previewed item
 * @param root the item's root
 * @param parent the parent the root would be restored into, if its type has one
 * @param originalSlug the root's slug when it was deleted, if its type has slugs
 * @param slug the slug the root would get (differs from {@code originalSlug} if that is taken)
 * @param types per type (the root's first, then its descendants' types), the resources and bytes
 *     that would come back
 * @param refusal why the restore would be refused, if it would
 */
public record RestorePreview(TrashItemId item, ResourceRef root, Optional<ResourceRef> parent,
                             Optional<String> originalSlug, Optional<String> slug, Map<String, TypeUsage> types,
                             Optional<Refusal> refusal) {
    /**
     * Validates and freezes every component.
     *
     * @param item the previewed item
     * @param root the item's root
     * @param parent the parent the root would be restored into, if its type has one
     * @param originalSlug the root's slug when it was deleted, if its type has slugs
     * @param slug the slug the root would get (differs from {@code originalSlug} if that is taken)
     * @param types per type (the root's first, then its descendants' types), the resources and
     *     bytes that would come back
     * @param refusal why the restore would be refused, if it would
     */
    public RestorePreview {
        Check.notNull(item, "item");
        Check.notNull(root, "root");
        Check.notNull(parent, "parent");
        Check.notNull(originalSlug, "originalSlug");
        Check.notNull(slug, "slug");
        types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Check.notNull(types, "types")));
        Check.notNull(refusal, "refusal");
    }

    /** {@return whether the restore would succeed (as things are now)} */
    public boolean possible() {
        return refusal.isEmpty();
    }

    /** {@return whether the root would get a new slug because its own is taken} */
    public boolean renamed() {
        return !originalSlug.equals(slug);
    }

    /** {@return how many resources would come back: the root and its cascaded children} */
    public long count() {
        return types.values().stream().mapToLong(TypeUsage::items).sum();
    }

    /** {@return the bytes that would come back} */
    public long bytes() {
        return types.values().stream().mapToLong(TypeUsage::bytes).sum();
    }

    /**
     * Why a restore would be refused, as the exception it would throw tells it.
     *
     * @param reason the kind of refusal
     * @param message the message the restore would throw (for {@link Reason#PARENT_IN_TRASH},
     *     SPEC R12's exact text)
     */
    public record Refusal(Reason reason, String message) {
        /**
         * Validates both components.
         *
         * @param reason the kind of refusal
         * @param message the message the restore would throw (for {@link Reason#PARENT_IN_TRASH},
         *     SPEC R12's exact text)
         */
        public Refusal {
            Check.notNull(reason, "reason");
            Check.notNull(message, "message");
        }
    }

    /** The kinds of refusal a restore meets. */
    public enum Reason {
        /** The item is past its expiry ({@link ExpiredException}). */
        EXPIRED,
        /** A purge has claimed the item ({@link ConflictException}). */
        BEING_PURGED,
        /** The parent to restore into is in the Trash ({@link ParentInTrashException}, SPEC R12). */
        PARENT_IN_TRASH,
        /** The parent to restore into does not exist in the workspace ({@link NotFoundException}). */
        PARENT_MISSING,
        /** Anything else the restore would refuse ({@link ConflictException}), e.g. the root's row is gone. */
        CONFLICT
    }
}
