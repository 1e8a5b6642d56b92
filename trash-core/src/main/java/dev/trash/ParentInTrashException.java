package dev.trash;

import java.util.Objects;

/**
 * A restore was refused because the root's parent is itself in the Trash (SPEC R12). The message
 * is exactly {@code Cannot restore <type> while its parent <parent type> is in trash. Restore the
 * <parent type> first.}
 * Immutable once thrown, like every exception here; safe to pass between threads.
 */
public final class ParentInTrashException extends ConflictException {
    private static final long serialVersionUID = 1L;

    /** The type of the root that could not be restored. */
    private final String type;
    /** The type of the parent that is in the Trash. */
    private final String parentType;

    /**
     * Creates the exception.
     *
     * @param type the type of the item's root, e.g. {@code model}
     * @param parentType the type of its parent, e.g. {@code project}
     */
    public ParentInTrashException(String type, String parentType) {
        super("Cannot restore " + Objects.requireNonNull(type) + " while its parent "
                + Objects.requireNonNull(parentType) + " is in trash. Restore the " + parentType + " first.");
        this.type = type;
        this.parentType = parentType;
    }

    /** {@return the type of the root that could not be restored} */
    public String type() {
        return type;
    }

    /** {@return the type of the parent that is in the Trash} */
    public String parentType() {
        return parentType;
    }
}
