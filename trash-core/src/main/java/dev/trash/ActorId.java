package dev.trash;

import dev.trash.internal.Check;

/**
 * Who performed a delete (a user or service id of the host), recorded on the trash item
 * (SPEC R5a). Immutable and thread-safe.
 *
 * @param value the host's actor id: not blank, at most 255 characters, no control characters
 */
public record ActorId(String value) {
    /** Validates the id. */
    public ActorId {
        Check.text(value, "actor id");
    }

    /** @return the actor with this id */
    public static ActorId of(String value) {
        return new ActorId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
