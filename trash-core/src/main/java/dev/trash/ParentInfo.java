package dev.trash;

import dev.trash.internal.Check;

/**
 * The parent of a trash item's root as it was when the item was deleted, e.g. the project of a
 * deleted model (SPEC R7). Immutable and thread-safe.
 *
 * @param ref the parent's type and id
 * @param name the parent's name at deletion time
 */
public record ParentInfo(ResourceRef ref, String name) {
    /**
     * Validates both components.
     *
     * @param ref the parent's type and id
     * @param name the parent's name at deletion time
     */
    public ParentInfo {
        Check.notNull(ref, "parent ref");
        Check.notNull(name, "parent name");
    }
}
