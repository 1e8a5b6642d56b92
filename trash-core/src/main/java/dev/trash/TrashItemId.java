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
    /**
     * Validates the id.
     *
     * @param value the UUID
     */
    public TrashItemId {
        Check.notNull(value, "trash item id");
    }

    /** {@return a new random id} */
    public static TrashItemId random() {
        return new TrashItemId(UUID.randomUUID());
    }

    /** The canonical text form: 8-4-4-4-12 hexadecimal digits. */
    private static final java.util.regex.Pattern CANONICAL =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Parses the canonical text form (8-4-4-4-12 hexadecimal digits, either case), e.g. an id
     * taken from a URL. Shortened or padded forms that {@link UUID#fromString} would also accept
     * (such as {@code 1-1-1-1-1}) are refused, so that one item has exactly one text form.
     *
     * @param text the id as {@link #toString()} writes it
     * @return the id
     * @throws InvalidArgumentException if {@code text} is null or not a canonical UUID
     */
    public static TrashItemId parse(String text) {
        Check.notNull(text, "trash item id");
        if (!CANONICAL.matcher(text).matches()) {
            throw new InvalidArgumentException("trash item id must be a UUID like "
                    + "123e4567-e89b-12d3-a456-426614174000, was '" + Check.shown(text) + "'");
        }
        return new TrashItemId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
