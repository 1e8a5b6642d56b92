package dev.trash.spi;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceRef;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import java.util.Optional;

/**
 * One resource of the host as the library sees it: identity, owner, parent, display name, slug and
 * size. Immutable and thread-safe.
 *
 * @param ref type and id
 * @param workspace the owning workspace
 * @param parent the parent resource, if the type has a parent type
 * @param name the display name
 * @param slug the slug, if the type has slugs, exactly as the host row holds it (it may be blank or
 *     longer than the library's own limits: such a row can still be deleted; a restore only renames a
 *     slug that is not blank)
 * @param sizeBytes the bytes this resource itself takes (children are counted on their own)
 */
public record HostResource(ResourceRef ref, WorkspaceId workspace, Optional<ResourceRef> parent, String name,
                           Optional<String> slug, long sizeBytes) {
    /**
     * Validates every component.
     *
     * @param ref type and id
     * @param workspace the owning workspace
     * @param parent the parent resource, if the type has a parent type
     * @param name the display name
     * @param slug the slug, if the type has slugs, exactly as the host row holds it (it may be
     *     blank or longer than the library's own limits: such a row can still be deleted; a restore
     *     only renames a slug that is not blank)
     * @param sizeBytes the bytes this resource itself takes (children are counted on their own)
     */
    public HostResource {
        Check.notNull(ref, "ref");
        Check.notNull(workspace, "workspace");
        Check.notNull(parent, "parent");
        Check.notNull(name, "name");
        Check.notNull(slug, "slug");
        Check.notNegative(sizeBytes, "sizeBytes");
        if (parent.isPresent() && parent.get().equals(ref)) {
            throw new InvalidArgumentException(ref + " cannot be its own parent");
        }
    }

    /**
     * {@return a top-level resource (no parent)}
     *
     * @param ref type and id
     * @param workspace the owning workspace
     * @param name the display name
     * @param slug the slug, if the type has slugs, exactly as the host row holds it (it may be
     *     blank or longer than the library's own limits: such a row can still be deleted; a restore
     *     only renames a slug that is not blank)
     * @param sizeBytes the bytes this resource itself takes (children are counted on their own)
     */
    public static HostResource root(ResourceRef ref, WorkspaceId workspace, String name, String slug, long sizeBytes) {
        return new HostResource(ref, workspace, Optional.empty(), name, Optional.of(Check.notNull(slug, "slug")), sizeBytes);
    }

    /**
     * {@return a resource under {@code parent}; its slug is empty, add one with {@link #withSlug}}
     *
     * @param ref type and id
     * @param parent the parent resource, if the type has a parent type
     * @param workspace the owning workspace
     * @param name the display name
     * @param sizeBytes the bytes this resource itself takes (children are counted on their own)
     */
    public static HostResource child(ResourceRef ref, ResourceRef parent, WorkspaceId workspace, String name,
                                     long sizeBytes) {
        return new HostResource(ref, workspace, Optional.of(Check.notNull(parent, "parent")), name, Optional.empty(),
                sizeBytes);
    }

    /**
     * {@return this resource with slug {@code slug}}
     *
     * @param slug the slug, if the type has slugs, exactly as the host row holds it (it may be
     *     blank or longer than the library's own limits: such a row can still be deleted; a restore
     *     only renames a slug that is not blank)
     */
    public HostResource withSlug(String slug) {
        return new HostResource(ref, workspace, parent, name, Optional.of(Check.notNull(slug, "slug")), sizeBytes);
    }
}
