package dev.trash;

import dev.trash.internal.Check;
import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated listing. Immutable and thread-safe.
 *
 * @param items the page's elements, in the query's order
 * @param nextCursor pass to {@link TrashQuery#after(String)} for the next page; empty on the last page
 * @param <T> the element type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    /**
     * Validates and freezes the components.
     *
     * @param items the page's elements, in the query's order
     * @param nextCursor pass to {@link TrashQuery#after(String)} for the next page; empty on the last page
     */
    public Page {
        items = List.copyOf(Check.notNull(items, "items"));
        Check.notNull(nextCursor, "nextCursor");
    }

    /** {@return whether a next page exists} */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
