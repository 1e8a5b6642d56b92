package dev.trash.spi;

import dev.trash.internal.Check;

/**
 * A parent/child link of the declared type graph, e.g. {@code dataset → image}: one cascade level.
 * Immutable and thread-safe.
 *
 * @param parentType the parent type
 * @param childType the child type
 */
public record TypeLink(String parentType, String childType) {
    /** Validates both components. */
    public TypeLink {
        Check.text(parentType, "parentType");
        Check.text(childType, "childType");
    }
}
