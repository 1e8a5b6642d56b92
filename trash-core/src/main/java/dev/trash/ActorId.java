package dev.trash;

import dev.trash.internal.Check;

/**
 * Who performed an operation (a user or service id of the host): recorded on the trash item by a
 * delete (SPEC R5a), on a hold, and carried by every event (SPEC R40). Immutable and thread-safe.
 *
 * @param value the host's actor id: not blank, at most 255 characters, no control characters
 */
public record ActorId(String value) {
    /** The actor of the sweeper's purges (SPEC R17, R40): {@code trash:sweeper}. */
    public static final ActorId SWEEPER = new ActorId("trash:sweeper");

    /**
     * Validates the id.
     *
     * @param value the host's actor id: not blank, at most 255 characters, no control characters
     */
    public ActorId {
        Check.text(value, "actor id");
    }

    /**
     * {@return the actor with this id}
     *
     * @param value the host's actor id: not blank, at most 255 characters, no control characters
     */
    public static ActorId of(String value) {
        return new ActorId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
