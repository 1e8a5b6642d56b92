package dev.trash;

import dev.trash.internal.Check;

/**
 * The owner of resources and of one Trash. Every operation names one, and sees nothing of any
 * other (SPEC R21). Immutable and thread-safe.
 *
 * @param value the host's workspace id: not blank, at most 255 characters, no control characters
 */
public record WorkspaceId(String value) {
    /**
     * Validates the id.
     *
     * @param value the host's workspace id: not blank, at most 255 characters, no control characters
     */
    public WorkspaceId {
        Check.text(value, "workspace id");
    }

    /**
     * {@return the workspace with this id}
     *
     * @param value the host's workspace id: not blank, at most 255 characters, no control characters
     */
    public static WorkspaceId of(String value) {
        return new WorkspaceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
