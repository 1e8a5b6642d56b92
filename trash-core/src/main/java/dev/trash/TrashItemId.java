package dev.trash;

import dev.trash.internal.Check;
import java.util.UUID;

/**
 * The id of one trash item: a random UUID made by the delete that created the item. The same id
 * marks the root and every cascaded child in the host's tables. Immutable and thread-safe.
 *
 * @param value the UUID
 */
public record TrashItemId(UUID value) {
    /** Validates the id. */
    public TrashItemId {
        Check.notNull(value, "trash item id");
    }

    /** @return a new random id */
    public static TrashItemId random() {
        return new TrashItemId(UUID.randomUUID());
    }

    /**
     * Parses the text form, e.g. an id taken from a URL.
     *
     * @throws InvalidArgumentException if {@code text} is null or not a UUID
     */
    public static TrashItemId parse(String text) {
        Check.notNull(text, "trash item id");
        if (text.length() != 36) {
            throw new InvalidArgumentException("trash item id must be a UUID like "
                    + "123e4567-e89b-12d3-a456-426614174000, was '" + shorten(text) + "'");
        }
        try {
            return new TrashItemId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("trash item id must be a UUID like "
                    + "123e4567-e89b-12d3-a456-426614174000, was '" + shorten(text) + "'");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
