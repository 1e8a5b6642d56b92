package dev.trash.jdbi;

import dev.trash.BackendException;
import dev.trash.RetryableException;
import dev.trash.spi.Marked;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * MariaDB 10.6 or later (tested on 11.4), and MySQL 8.0 or later where the SQL is the same
 * (expected, not tested). What differs from PostgreSQL, and how this dialect meets it:
 * <ul>
 *   <li>no {@code UPDATE … RETURNING}: a cascade level is two statements, a locking read that
 *       counts and sums the rows to mark ({@code SELECT COUNT(*), SUM(size) … FOR UPDATE}), then the
 *       {@code UPDATE}, written as a join (MariaDB before 11.1 plans an {@code IN} subquery in an
 *       {@code UPDATE} as a scan of the whole child table);</li>
 *   <li>{@code LOCK IN SHARE MODE} for a shared row lock; {@code SKIP LOCKED} exists;</li>
 *   <li>no time type with a zone: times are {@code DATETIME(6)} holding UTC, bound and read as
 *       {@code LocalDateTime}s at UTC, which no session or JVM time zone changes (a driver setting
 *       that shifts them anyway is refused by {@link #sessionProblems});</li>
 *   <li>a {@code UUID} type on MariaDB 10.7+ only: ids are bound and read as their canonical text, so
 *       that a trash column or UUID key may be {@code UUID} or a character column of 36
 *       ({@code CHAR(36)}, {@code VARCHAR(36)}), with either driver (MariaDB Connector/J, MySQL
 *       Connector/J);</li>
 *   <li>lost races are reported by error code, not SQLSTATE: 1213 (deadlock, SQLSTATE 40001), 1205
 *       (lock wait timeout, SQLSTATE HY000) and 1020 (a row changed since the transaction's snapshot,
 *       with {@code innodb_snapshot_isolation}); a unique violation is 1062 (SQLSTATE 23000, which
 *       foreign keys and NOT NULL share);</li>
 *   <li>every DDL statement commits on its own: the schema scripts run under a named lock
 *       ({@code GET_LOCK}), not in a transaction;</li>
 *   <li>tables live in databases, which JDBC reports as catalogs (or as schemas, with
 *       {@code useCatalogTerm=Schema}): a table's qualifier names its database;</li>
 *   <li>InnoDB's default level, REPEATABLE READ, reads a transaction's first snapshot: the adapter
 *       runs its own transactions at READ COMMITTED ({@link #isolation()}), as PostgreSQL does;</li>
 *   <li>InnoDB locks every row a locking statement scans, not only the rows it returns or changes
 *       (and at REPEATABLE READ keeps them locked): statements that take items by id name the
 *       primary key ({@link #byKey}), and the claims' ordered scans stop at their {@code LIMIT}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class MariaDbDialect extends Dialect {
    /** The name of the lock that serializes {@link JdbiTrash#createSchemaIfMissing()} across instances. */
    static final String SCHEMA_LOCK = "dev.trash.jdbi.schema";
    /** How long {@link JdbiTrash#createSchemaIfMissing()} waits for another instance's schema run, in seconds. */
    private static final int SCHEMA_LOCK_SECONDS = 120;

    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int RECORD_CHANGED = 1020;
    private static final Set<Integer> CONFLICT_CODES = Set.of(DEADLOCK, LOCK_WAIT_TIMEOUT, RECORD_CHANGED);
    /** Duplicate entry, duplicate entry naming the key, duplicate key. */
    private static final Set<Integer> UNIQUE_CODES = Set.of(1062, 1586, 1022);
    /** Storage engines without transactions: a cascade on them could be left half done. */
    private static final Set<String> NON_TRANSACTIONAL = Set.of("MYISAM", "ARIA", "MEMORY", "CSV", "ARCHIVE",
            "MRG_MYISAM", "BLACKHOLE", "FEDERATED", "CONNECT");

    /** What {@link #sessionProblems} round-trips: a time whose every field differs, with microseconds. */
    private static final LocalDateTime PROBE = LocalDateTime.of(2001, 2, 3, 4, 5, 6, 789_012_000);

    @Override
    String folder() {
        return "mariadb";
    }

    /** MariaDB has no {@code FOR SHARE}; {@code LOCK IN SHARE MODE} is the same lock (MySQL 8 accepts both). */
    @Override
    String shareLock() {
        return " LOCK IN SHARE MODE";
    }

    /**
     * InnoDB locks the rows an ordered index scan reaches, and the scan stops at the {@code LIMIT}
     * (the schema's indexes make both orders, {@code due_at} within a workspace and the key, index
     * scans): the order stays.
     */
    @Override
    String limitedLockOrder(String orderBy) {
        return " ORDER BY " + orderBy;
    }

    /**
     * Two statements: the locking read counts the rows to mark and sums their sizes, and keeps them
     * (and, at REPEATABLE READ, the gaps between them) locked; the {@code UPDATE} then marks exactly
     * those rows, since none of them can change meanwhile. Its row count must be the same: if not (a
     * row that entered the level between the two statements, which only READ COMMITTED without a
     * foreign key allows), the bytes are unknown and the level fails as a lost race
     * ({@link RetryableException}) rather than report them wrong. No row to mark costs one statement.
     */
    @Override
    Marked markChildren(Handle h, CascadeLevel level) {
        Marked found = level.bindMatching(h.createQuery("SELECT COUNT(*) AS n, COALESCE(SUM(" + level.size("")
                        + "), 0) AS b FROM " + level.matching() + " FOR UPDATE"))
                .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                .one();
        if (found.count() == 0) {
            return Marked.NONE;
        }
        int marked = level.bindMatching(h.createUpdate(level.joinedUpdate())).execute();
        if (marked != found.count()) {
            throw new RetryableException("rows of " + level.child().table() + " joined the cascade while it ran ("
                    + found.count() + " locked, " + marked + " marked): a concurrent transaction gave a trashed parent "
                    + "a new active child; roll back and try again");
        }
        return found;
    }

    /**
     * Lifts the recursion limit for one statement, on both servers: MariaDB's
     * {@code max_recursive_iterations} (1,000 by default) through {@code SET STATEMENT … FOR} in an
     * executable comment that only MariaDB runs, MySQL's {@code cte_max_recursion_depth} (1,000) through
     * an optimizer hint that MariaDB 11.4 reads as a comment (goes right after the first keyword).
     * Without it a folder tree deeper than 1,000 would fail to delete, or, on MariaDB with a
     * {@code sql_mode} that is not strict, be marked down to depth 1,000 only, silently. A cycle in the
     * host's data cannot make the recursion endless: {@link CascadeLevel#descendants()} is a
     * {@code UNION}.
     */
    private static final String UNLIMITED_RECURSION = "/*M! SET STATEMENT max_recursive_iterations = 4294967295 FOR */ ";
    /** MySQL's half of {@link #UNLIMITED_RECURSION}. */
    private static final String UNLIMITED_RECURSION_HINT = "/*+ SET_VAR(cte_max_recursion_depth = 4294967295) */ ";

    /**
     * Two statements, as for any level: the locking read counts and sums the rows of the recursive
     * query ({@code FOR UPDATE}: each row to mark, and with it its parent chain up to the root, stays
     * as it is), then the {@code UPDATE}, a join of the table with the recursive query as a derived
     * table (which MySQL, unlike an {@code IN} subquery on the table being updated, accepts too). The
     * rows locked are all marked again: their parents are locked with them. So the counts must be
     * equal, and if not, the level fails as a lost race, as {@link #markChildren} does. No row to mark
     * costs one statement. Both lift the recursion limit ({@link #UNLIMITED_RECURSION}).
     */
    @Override
    Marked markDescendants(Handle h, CascadeLevel level) {
        Marked found = level.bindMatching(h.createQuery(UNLIMITED_RECURSION + "SELECT " + UNLIMITED_RECURSION_HINT
                        + "COUNT(*) AS n, COALESCE(SUM(" + level.size("t.") + "), 0) AS b FROM "
                        + level.joinedDescendants("") + " WHERE " + level.activeInWorkspace() + " FOR UPDATE"))
                .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                .one();
        if (found.count() == 0) {
            return Marked.NONE;
        }
        int marked = level.bindMatching(h.createUpdate(UNLIMITED_RECURSION + "UPDATE "
                        + level.joinedDescendants(UNLIMITED_RECURSION_HINT) + " SET t." + level.child().trashColumn()
                        + " = :item WHERE " + level.activeInWorkspace()))
                .execute();
        if (marked != found.count()) {
            throw new RetryableException("rows of " + level.child().table() + " joined the cascade while it ran ("
                    + found.count() + " locked, " + marked + " marked): a concurrent transaction gave a trashed row of the tree "
                    + "a new active child; roll back and try again");
        }
        return found;
    }

    /**
     * InnoDB checks a foreign key for each row as the statement changes it (and MySQL's
     * {@code DELETE … ORDER BY} cannot order by a depth that only a recursive query knows).
     */
    @Override
    boolean checksForeignKeysPerRow() {
        return true;
    }

    /**
     * For a nested type (the parent's table is the child's) a join of the table with itself: MySQL
     * refuses an {@code UPDATE} whose subquery reads the table being updated (error 1093), MariaDB
     * and MySQL both take the join. Otherwise the default {@code EXISTS}.
     */
    @Override
    String moveUnder(ResourceTable child, ResourceTable parent) {
        if (!child.table().equals(parent.table())) {
            return super.moveUnder(child, parent);
        }
        return "UPDATE " + child.table() + " c JOIN " + parent.table() + " p ON p." + parent.workspaceColumn()
                + " = :pws AND p." + parent.idColumn() + " = :parent SET c." + child.parentColumn().orElseThrow()
                + " = :parent WHERE c." + child.workspaceColumn() + " = :ws AND c." + child.idColumn() + " = :id";
    }

    /** {@code TIMESTAMPADD} on a {@code DATETIME(6)} of UTC: no time zone takes part. */
    @Override
    String plusMicros(String column, String micros) {
        return "TIMESTAMPADD(MICROSECOND, " + micros + ", " + column + ")";
    }

    /**
     * {@code GREATEST} with the parameter cast to {@code DATETIME(6)}: a bound {@code LocalDateTime}
     * may reach the server as text, and {@code GREATEST} of a {@code DATETIME} and a string compares
     * strings.
     */
    @Override
    String later(String time, String parameter) {
        return "GREATEST(" + time + ", CAST(" + parameter + " AS DATETIME(6)))";
    }

    /** Only the deadlock's: MariaDB reports the other lost races by error code ({@link #isConflict}). */
    @Override
    Set<String> conflictStates() {
        return Set.of("40001");
    }

    /** Deadlock (1213), lock wait timeout (1205), a row changed since the snapshot (1020), or SQLSTATE 40001. */
    @Override
    boolean isConflict(SQLException e) {
        return CONFLICT_CODES.contains(e.getErrorCode()) || super.isConflict(e);
    }

    /** Duplicate entry (1062, 1586) or duplicate key (1022); SQLSTATE 23000 alone could be a foreign key. */
    @Override
    boolean isUniqueViolation(SQLException e) {
        return UNIQUE_CODES.contains(e.getErrorCode());
    }

    /** @return {@code SQLSTATE <state>, error <code>}: MariaDB's codes say more than its SQLSTATEs */
    @Override
    String describe(SQLException e) {
        return super.describe(e) + ", error " + e.getErrorCode();
    }

    /**
     * READ COMMITTED, not InnoDB's default REPEATABLE READ: there a read sees the transaction's first
     * snapshot, so after a conditional statement lost a race (a restore's {@code DELETE} finding the
     * item claimed) the read that says why still sees the item as it was, and a lost race would be
     * reported as "changed concurrently, retry" instead of what happened. (The connection's level is
     * set for the transaction and put back after it: two statements of the driver, none if the pool
     * runs at READ COMMITTED already.)
     */
    @Override
    TransactionIsolationLevel isolation() {
        return TransactionIsolationLevel.READ_COMMITTED;
    }

    /** None inside a transaction: {@link #runSchemaScripts} takes a named lock around the scripts instead. */
    @Override
    void lockSchema(Handle h) {
    }

    @Override
    int schemaAttempts() {
        return 1;
    }

    /**
     * Runs the scripts statement by statement under the named lock {@value #SCHEMA_LOCK} (waiting up
     * to two minutes for an instance that holds it), and releases it. Refuses to run inside a
     * transaction: the first {@code CREATE} would commit it.
     */
    @Override
    void runSchemaScripts(Handle h, List<String> scripts) {
        if (h.isInTransaction()) {
            throw new IllegalStateException("createSchemaIfMissing() inside a transaction: on MariaDB and MySQL every "
                    + "CREATE commits the open transaction; call it outside one, when the application starts");
        }
        Integer locked = h.createQuery("SELECT GET_LOCK(:name, :seconds)")
                .bind("name", SCHEMA_LOCK)
                .bind("seconds", SCHEMA_LOCK_SECONDS)
                .mapTo(Integer.class)
                .one();
        if (locked == null || locked != 1) {
            throw new BackendException("could not take the schema lock '" + SCHEMA_LOCK + "' within "
                    + SCHEMA_LOCK_SECONDS + " s: another instance is creating the schema, or holds the lock; try again", null);
        }
        try {
            scripts.forEach(sql -> h.createScript(sql).execute());
        } finally {
            h.createQuery("SELECT RELEASE_LOCK(:name)").bind("name", SCHEMA_LOCK).mapTo(Integer.class).one();
        }
    }

    /** @return the instant as a {@code LocalDateTime} at UTC: a {@code DATETIME(6)} is stored as it is bound */
    @Override
    Argument time(Instant at) {
        LocalDateTime utc = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, utc);
    }

    @Override
    Argument nullTime() {
        return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP);
    }

    @Override
    Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /**
     * @return the table with {@code FORCE INDEX (PRIMARY)}: on a small table InnoDB plans
     *     {@code workspace = ? AND id IN (…)} as a scan of the whole table or workspace, and at
     *     REPEATABLE READ a locking read or an {@code UPDATE} locks every row it scans, so that one
     *     sweeper's claim of 10 items would lock out every other sweeper and restore
     */
    @Override
    String byKey(String table) {
        return table + " FORCE INDEX (PRIMARY)";
    }

    /**
     * False: MariaDB 11.4 has {@code INSERT}/{@code DELETE … RETURNING} but no {@code UPDATE …
     * RETURNING} (nor has MySQL), so a claim is the locking read ({@code … ORDER BY due_at LIMIT …
     * FOR UPDATE SKIP LOCKED}, which InnoDB stops at the limit), then one {@code UPDATE} of exactly
     * the rows it locked by primary key ({@link #byKey}). That {@code UPDATE} is made as cheap as it
     * gets instead: it writes {@code purge_owner} and {@code available_at}, which no secondary index
     * holds, and leaves {@code due_at} as it is ({@code LEAST(due_at, lease)}, the due time having
     * passed), so InnoDB changes the clustered record only and no secondary index entry.
     * (A one-statement claim through a multi-table {@code UPDATE} joined to the locking read would
     * still need a second read for the rows it changed.)
     */
    @Override
    boolean claimsInOneStatement() {
        return false;
    }

    /** @return the multi-table form of {@code DELETE}, the only one that takes an index hint (on MySQL too) */
    @Override
    String deleteByKey(String table) {
        return "DELETE " + table + " FROM " + byKey(table);
    }

    /** @return the UUID's canonical text, which a {@code UUID} and a {@code CHAR(36)} column take alike */
    @Override
    Object uuid(UUID id) {
        return id.toString();
    }

    @Override
    UUID uuid(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : UUID.fromString(value);
    }

    /**
     * The keyset written out: MariaDB 11.4 does not use an index range for a row-value comparison
     * (it scans the workspace from its first item in the order on), but does for this form.
     */
    @Override
    String after(String column, boolean descending) {
        String op = descending ? "<" : ">";
        return "(" + column + " " + op + " :after OR (" + column + " = :after AND id " + op + " :afterId))";
    }

    /**
     * @return {@code warned_at, expires_at}: the same order for the items the claim takes (all of them
     *     not warned yet, {@code warned_at} NULL), but one that only {@code trash_item_to_warn}
     *     {@code (workspace, warned_at, expires_at)} gives without a sort. By {@code expires_at} alone,
     *     MariaDB 11.4 costs that index and {@code (workspace, expires_at, id)} alike and may take the
     *     latter, which reads (and, in a locking read, locks for a moment) every item of the window,
     *     warned or not
     */
    @Override
    String warnOrder() {
        return "warned_at, expires_at";
    }

    /** @return the connection's current database: its schema where the driver calls databases schemas, else its catalog */
    @Override
    String currentNamespace(Connection connection) throws SQLException {
        String schema = connection.getSchema();
        if (schema != null) {
            return schema;
        }
        String catalog = connection.getCatalog();
        return catalog == null ? "" : catalog;
    }

    /** @return the database as both catalog and schema: the driver reads the one it calls a database */
    @Override
    String[] lookup(Connection connection, String namespace, UnaryOperator<String> escape) {
        return new String[] {namespace, escape.apply(namespace)};
    }

    @Override
    boolean inNamespace(ResultSet row, String namespace) throws SQLException {
        return namespace.equals(row.getString("TABLE_CAT")) || namespace.equals(row.getString("TABLE_SCHEM"));
    }

    /**
     * @return a {@code UUID} column (MariaDB 10.7+) or a character column of 36 ({@code CHAR(36)},
     *     {@code VARCHAR(36)}: MariaDB refuses a generated column, such as the README's
     *     {@code active_slug}, over a {@code CHAR} column, so the recipe uses {@code VARCHAR(36)}
     *     where there is no {@code UUID} type)
     */
    @Override
    boolean isUuid(int jdbcType, String typeName, int size) {
        return "uuid".equalsIgnoreCase(typeName) || (jdbcType == Types.CHAR || jdbcType == Types.VARCHAR) && size == 36;
    }

    @Override
    String uuidTypeName() {
        return "UUID (MariaDB 10.7 or later) or VARCHAR(36)";
    }

    /**
     * Round-trips a time both ways: the driver must bind and read a {@code LocalDateTime} as the
     * {@code DATETIME} it is. MariaDB Connector/J with {@code preserveInstants=true} and a
     * {@code connectionTimeZone}, for one, shifts {@code DATETIME}s it reads into the JVM's zone.
     */
    @Override
    List<String> sessionProblems(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        Instant probe = PROBE.toInstant(ZoneOffset.UTC);
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT CAST('2001-02-03 04:05:06.789012' AS DATETIME(6)) AS t, CAST(CAST(? AS DATETIME(6)) AS CHAR) AS b")) {
            s.setObject(1, PROBE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Instant read = instant(rs, "t");
                String bound = rs.getString("b");
                if (!probe.equals(read) || !"2001-02-03 04:05:06.789012".equals(bound)) {
                    problems.add("the JDBC driver shifts DATETIME values between the database and Java (the DATETIME "
                            + "2001-02-03 04:05:06.789012 read back as " + read + ", the LocalDateTime " + PROBE
                            + " was stored as " + bound + "): trash-jdbi keeps UTC in DATETIME(6) columns and binds and "
                            + "reads them unconverted; remove the driver's time-zone conversion from the JDBC URL "
                            + "(MariaDB Connector/J: preserveInstants=true with connectionTimeZone)");
                }
            }
        }
        return problems;
    }

    /** @return a problem if the table's storage engine has no transactions (MyISAM, Aria, MEMORY …) */
    @Override
    Optional<String> tableProblem(Connection connection, String namespace, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, namespace);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getString(1) != null
                        && NON_TRANSACTIONAL.contains(rs.getString(1).toUpperCase(Locale.ROOT))) {
                    return Optional.of("table " + table + " uses the storage engine " + rs.getString(1)
                            + ", which has no transactions: a delete, restore or purge could be left half done; "
                            + "convert it with ALTER TABLE " + table + " ENGINE=InnoDB");
                }
            }
        }
        return Optional.empty();
    }
}
