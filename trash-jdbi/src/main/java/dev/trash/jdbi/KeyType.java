package dev.trash.jdbi;

import java.util.Optional;

/**
 * The SQL type of a key column of a host table (an id, a parent foreign key, a workspace), so the
 * adapter binds ids, which the library handles as strings, with the column's own type and its
 * indexes stay usable. Thread-safe.
 */
public enum KeyType {
    /** {@code VARCHAR}/{@code TEXT}: the id as it is. */
    TEXT,
    /** {@code BIGINT}/{@code INTEGER}: the id is a decimal number. */
    BIGINT,
    /** {@code UUID}: the id is a UUID in its usual text form. */
    UUID;

    /**
     * {@return the value to bind for {@code id}; empty if {@code id} cannot be a value of this type
     *     (then no row can have it)}
     */
    Optional<Object> toSql(String id) {
        try {
            return switch (this) {
                case TEXT -> Optional.of(id);
                case BIGINT -> Optional.of(Long.parseLong(id));
                case UUID -> Optional.of(java.util.UUID.fromString(id));
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
