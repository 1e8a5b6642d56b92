package dev.trash.jdbi;

import dev.trash.BackendException;
import dev.trash.RetryableException;
import dev.trash.TrashItemId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * SQL helpers shared by the adapter: instants bound and read as UTC {@code TIMESTAMP WITH TIME
 * ZONE} values (so neither the JVM's nor the session's zone matters; the dialects whose databases
 * have no such type bind their own, see {@link Dialect#time}), {@code IN} lists cut into
 * bounded chunks, ids in the one global lock order, and the translation of database failures into
 * the library's exceptions: a lost race is a {@link RetryableException}, every other failure a
 * {@link BackendException}, both carrying the database's exception as their cause. Stateless and
 * thread-safe.
 */
final class Sql {
    /** The most values one {@code IN (…)} list binds (PostgreSQL allows 32,767 parameters per statement). */
    static final int MAX_IN = 1_000;

    private Sql() {
    }

    /** {@return an argument that binds {@code at} as a UTC {@code TIMESTAMP WITH TIME ZONE}} */
    static Argument at(Instant at) {
        OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, utc);
    }

    /** {@return an argument that binds SQL NULL of type {@code TIMESTAMP WITH TIME ZONE}} */
    static Argument nullTime() {
        return (position, statement, ctx) -> statement.setNull(position, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** {@return the instant in column {@code column}, or null if it is SQL NULL} */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@return {@code items} (deduplicated, in their order) in lists of at most {@link #MAX_IN}} */
    static <T> List<List<T>> chunks(Collection<T> items) {
        List<T> all = new ArrayList<>(new LinkedHashSet<>(items));
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IN)));
        }
        return chunks;
    }

    /**
     * {@return the ids as UUIDs, sorted as the databases order them (unsigned), so that every
     *     statement that locks several items locks them in one global order and two of them cannot
     *     deadlock}
     */
    static List<UUID> lockOrder(Collection<TrashItemId> ids) {
        return ids.stream().map(TrashItemId::value).distinct()
                .sorted((a, b) -> {
                    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
                })
                .toList();
    }

    /** {@return the SQLSTATE of the first {@link SQLException} in {@code e}'s causes} */
    static Optional<String> sqlState(Throwable e) {
        return sqlException(e).map(SQLException::getSQLState);
    }

    /** {@return the first {@link SQLException} with a SQLSTATE in {@code e}'s causes} */
    static Optional<SQLException> sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code work} in a transaction on the thread's handle of {@code jdbi}: joins the transaction
     * already open there (at whatever isolation level its owner chose), else begins one at the
     * dialect's {@link Dialect#isolation() level}.
     */
    static <T> T inTransaction(Jdbi jdbi, Dialect dialect, HandleCallback<T, RuntimeException> work) {
        HandleSupplier current = jdbi.getHandleScope().get();
        boolean open = current != null && current.getJdbi() == jdbi && current.getHandle().isInTransaction();
        if (open || dialect.isolation() == TransactionIsolationLevel.UNKNOWN) {
            return jdbi.inTransaction(work);
        }
        return jdbi.inTransaction(dialect.isolation(), work);
    }

    /** Runs database work, translating every Jdbi failure with {@link #translate}. */
    static <T> T call(Dialect dialect, Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw translate(dialect, e);
        }
    }

    /**
     * {@return {@code e} as a {@link RetryableException} if the database stopped the statement
     *     because of a concurrent transaction (deadlock, serialization failure, lock timeout), else
     *     as a {@link BackendException}}
     */
    static RuntimeException translate(Dialect dialect, JdbiException e) {
        Optional<SQLException> failure = sqlException(e);
        if (failure.isPresent() && dialect.isConflict(failure.get())) {
            return new RetryableException("the database stopped this statement because a concurrent transaction "
                    + "holds the same rows (" + dialect.describe(failure.get()) + "); this transaction cannot commit: "
                    + "roll it back (the library does so for its own) and try again", e);
        }
        return new BackendException("the database failed" + failure.map(s -> " (" + dialect.describe(s) + ")").orElse("")
                + ": " + firstLine(e) + "; the operation's transaction cannot commit (the library rolls back its own; "
                + "roll back yours if the call joined it); check the database and the connection pool, then retry", e);
    }

    private static String firstLine(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                deepest = t;
                break;
            }
        }
        String message = String.valueOf(deepest.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
