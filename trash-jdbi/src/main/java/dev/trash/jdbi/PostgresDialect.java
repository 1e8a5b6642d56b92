package dev.trash.jdbi;

import dev.trash.spi.Marked;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * PostgreSQL 12 or later: shared row locks, ordered locking reads, one statement per cascade level
 * ({@code UPDATE … RETURNING} inside a CTE), an advisory lock around the schema scripts. Stateless
 * and thread-safe.
 */
final class PostgresDialect extends Dialect {
    /** The advisory-lock key that serializes {@link JdbiTrash#createSchemaIfMissing()} across instances. */
    private static final long SCHEMA_LOCK = 7_400_125_327L;

    /** Serialization failure, deadlock, lock not available. */
    private static final Set<String> CONFLICT = Set.of("40001", "40P01", "55P03");

    @Override
    String folder() {
        return "postgresql";
    }

    @Override
    String shareLock() {
        return " FOR SHARE";
    }

    /** PostgreSQL locks only the rows a {@code LIMIT} returns, in the {@code ORDER BY}'s order. */
    @Override
    String limitedLockOrder(String orderBy) {
        return " ORDER BY " + orderBy;
    }

    /**
     * One statement: the {@code UPDATE} returns the size of each row it marked, and the CTE counts
     * and sums them. The row count never shows in the SQL.
     */
    @Override
    Marked markChildren(Handle h, CascadeLevel level) {
        return level.bindMatching(h.createQuery("WITH m AS (" + level.update() + " RETURNING " + level.size("")
                        + " AS s) SELECT COUNT(*) AS n, COALESCE(SUM(s), 0) AS b FROM m"))
                .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                .one();
    }

    /**
     * One statement, as for any level: the {@code UPDATE} of the rows of the recursive query returns
     * their sizes, and the CTE counts and sums them. Neither the rows nor the depth show in the SQL.
     */
    @Override
    Marked markDescendants(Handle h, CascadeLevel level) {
        return level.bindMatching(h.createQuery("WITH m AS (" + level.nestedUpdate() + " RETURNING " + level.size("")
                        + " AS s) SELECT COUNT(*) AS n, COALESCE(SUM(s), 0) AS b FROM m"))
                .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                .one();
    }

    /**
     * True: a claim is one {@code WITH c AS MATERIALIZED (SELECT … FOR UPDATE [SKIP LOCKED]) UPDATE
     * trash_item … FROM c … RETURNING trash_item.*}, one round trip per batch instead of two. The rows
     * are locked by the CTE's locking read exactly as by the read alone (only the rows it returns, in
     * its order, the condition re-checked on a row that changed meanwhile), and the {@code UPDATE}
     * changes only rows this transaction then holds. It writes no indexed column ({@code due_at}
     * stays, see {@link SqlCondition#claim}; since schema version 5 no index predicate names
     * {@code purge_owner}, and the table's fillfactor leaves room on its pages), so PostgreSQL makes it
     * a HOT update: a new row version on the same page, no new entry in any of the table's indexes.
     */
    @Override
    boolean claimsInOneStatement() {
        return true;
    }

    /** An interval of that many microseconds: a {@code timestamptz} plus an interval of no days or months is exact. */
    @Override
    String plusMicros(String column, String micros) {
        return "(" + column + " + " + micros + " * INTERVAL '1 microsecond')";
    }

    /**
     * @return {@link #COMMON_INDEXES} and PostgreSQL's partial and trigram ones: the retry count's
     *     ({@code due_at} where {@code attempts > 0}), the warnings' ({@code (expires_at, workspace)}
     *     over the items in the Trash, not held, not warned yet) and name search's (a GIN trigram
     *     index on {@code name_key}, made only where {@code pg_trgm} is or can be installed)
     */
    @Override
    List<TrashIndex> trashIndexes() {
        List<TrashIndex> all = new ArrayList<>(COMMON_INDEXES);
        all.add(new TrashIndex("trash_item_retrying", List.of(), "V2__trash_item_retrying.sql",
                "the metrics' count of the items waiting for a retry"));
        all.add(new TrashIndex("trash_item_to_warn", List.of(), Database.FIND_AND_WARN_SCRIPT,
                "the sweeper's look for, and claim of, the items to warn of their expiry"));
        all.add(new TrashIndex("trash_item_name_search", List.of(), Database.FIND_AND_WARN_SCRIPT,
                "name search (the index needs the extension pg_trgm: CREATE EXTENSION pg_trgm, by a user allowed to; "
                        + "the script creates it where it can)"));
        return List.copyOf(all);
    }

    @Override
    Set<String> conflictStates() {
        return CONFLICT;
    }

    @Override
    void lockSchema(Handle h) {
        h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", SCHEMA_LOCK).mapTo(String.class).one();
    }

    @Override
    int schemaAttempts() {
        return 1;
    }
}
