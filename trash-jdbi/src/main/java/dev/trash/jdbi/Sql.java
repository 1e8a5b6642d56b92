package dev.trash.jdbi;

import dev.trash.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;

/**
 * SQL helpers shared by the adapter: instants bound and read as UTC {@code TIMESTAMP WITH TIME
 * ZONE} values (so neither the JVM's nor the session's zone matters), {@code IN} lists cut into
 * bounded chunks, and the translation of the databases' concurrency errors into the library's
 * {@link ConflictException}. Stateless and thread-safe.
 */
final class Sql {
    /** The most values one {@code IN (…)} list binds (PostgreSQL allows 32,767 parameters per statement). */
    static final int MAX_IN = 1_000;

    /**
     * SQLSTATEs of a lost race: serialization failure and deadlock (both databases), lock not
     * available (PostgreSQL), lock timeout and concurrent update (H2).
     */
    private static final Set<String> CONFLICT = Set.of("40001", "40P01", "55P03", "HYT00", "90131");
    /** SQLSTATE of a unique-constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    /** @return an argument that binds {@code at} as a UTC {@code TIMESTAMP WITH TIME ZONE} */
    static Argument at(Instant at) {
        OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, utc);
    }

    /** @return the instant in column {@code column}, or null if it is SQL NULL */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** @return {@code items} (deduplicated) in lists of at most {@link #MAX_IN} */
    static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> all = new ArrayList<>(new java.util.LinkedHashSet<>(items));
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IN)));
        }
        return chunks;
    }

    /**
     * @return the ids as UUIDs, sorted as the databases order them (unsigned), so that every
     *     statement that locks several items locks them in one global order and two of them cannot
     *     deadlock
     */
    static List<java.util.UUID> lockOrder(Collection<dev.trash.TrashItemId> ids) {
        return ids.stream().map(dev.trash.TrashItemId::value).distinct()
                .sorted((a, b) -> {
                    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
                })
                .toList();
    }

    /** @return the SQLSTATE of the first {@link SQLException} in {@code e}'s causes */
    static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return Optional.of(s.getSQLState());
            }
        }
        return Optional.empty();
    }

    /**
     * Runs database work, turning a lost race (deadlock, serialization failure, lock timeout) into a
     * {@link ConflictException}; other database failures propagate as they are.
     */
    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** @return {@code e} as a {@link ConflictException} if it is a lost race, else {@code e} */
    static RuntimeException translate(JdbiException e) {
        Optional<String> state = sqlState(e);
        if (state.isPresent() && CONFLICT.contains(state.get())) {
            return new ConflictException("the database stopped this statement because a concurrent transaction "
                    + "holds the same rows (SQLSTATE " + state.get() + "); this transaction cannot commit: roll it back "
                    + "(the library does so for its own) and try again", e);
        }
        return e;
    }
}
