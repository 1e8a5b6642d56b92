package dev.trash.spi;

import dev.trash.internal.Check;

/**
 * A parent/child link of the declared type graph, e.g. {@code dataset → image}: one cascade level.
 * A link from a type to itself ({@code folder → folder}, SPEC R37) stands for the whole nesting:
 * a store cascades it through every depth in one statement. Immutable and thread-safe.
 *
 * @param parentType the parent type
 * @param childType the child type
 */
public record TypeLink(String parentType, String childType) {
    /**
     * Validates both components.
     *
     * @param parentType the parent type
     * @param childType the child type
     */
    public TypeLink {
        Check.text(parentType, "parentType");
        Check.text(childType, "childType");
    }

    /** {@return whether this link nests a type in itself (SPEC R37)} */
    public boolean nested() {
        return parentType.equals(childType);
    }
}
