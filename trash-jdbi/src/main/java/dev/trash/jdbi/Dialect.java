package dev.trash.jdbi;

import dev.trash.spi.Marked;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * The SQL seam between the adapter and one database: every statement piece, error code and schema
 * detail in which the supported databases differ, so that the store and the resources are written
 * once and a new database is one new dialect plus its schema scripts. Each {@link Database} maps to
 * exactly one dialect. The defaults are what PostgreSQL and H2 share (standard SQL, SQLSTATEs,
 * {@code TIMESTAMP WITH TIME ZONE}, schemas); a dialect overrides what its database does otherwise.
 * Implementations are stateless and thread-safe.
 */
abstract class Dialect {
    /** SQLSTATE of a unique-constraint violation (SQL standard; PostgreSQL and H2). */
    static final String UNIQUE_VIOLATION = "23505";

    /** @return the folder of this database's schema scripts under {@code dev/trash/jdbi/schema/} */
    abstract String folder();

    /**
     * @return the clause that ends a read which must keep the rows it returns unchanged until the
     *     transaction ends, letting other readers share them ({@code findForShare})
     */
    abstract String shareLock();

    /**
     * @return what goes between the {@code WHERE} clause and {@code LIMIT … FOR UPDATE [SKIP LOCKED]}
     *     of a locking read that takes a limited number of rows in {@code orderBy}'s order: the
     *     {@code ORDER BY}, or nothing where the database would then lock more rows than it returns
     */
    abstract String limitedLockOrder(String orderBy);

    /**
     * Marks one cascade level and measures it: sets the trash column of exactly the child rows
     * {@code level} describes to its item, and returns how many rows that changed and the sum of
     * their sizes, in a fixed number of statements whatever the number of rows.
     *
     * @return the rows marked and their bytes
     */
    abstract Marked markChildren(Handle h, CascadeLevel level);

    /**
     * Marks a {@linkplain CascadeLevel#nested() nested} level and measures it (SPEC R37): sets the
     * trash column of every active descendant of the rows the item marks in the table, at every
     * depth ({@link CascadeLevel#descendants()}), to the item, and returns how many rows that changed
     * and the sum of their sizes, in a fixed number of statements whatever the number of rows and
     * the depth (the same number as {@link #markChildren} on this database).
     *
     * @return the rows marked and their bytes
     */
    abstract Marked markDescendants(Handle h, CascadeLevel level);

    /**
     * @return whether this database checks a foreign key row by row during a statement, not at its
     *     end (InnoDB, H2): a {@code DELETE} of a parent row and its child row of the same table in
     *     one statement then fails when it happens to take the parent first. A purge of a nested type
     *     then first sets the parent column of the rows it deletes to {@code NULL} (one {@code UPDATE}),
     *     which leaves the key checking every row that is not deleted. By default false: the SQL
     *     standard, and PostgreSQL, check a {@code NO ACTION} key at the end of the statement
     */
    boolean checksForeignKeysPerRow() {
        return false;
    }

    /**
     * @return the {@code UPDATE} that moves one row of {@code child} (its id bound as {@code :id},
     *     its workspace as {@code :ws}) under the row {@code :parent} of {@code parent}, only if that
     *     parent exists in the workspace ({@code :pws}): by default a condition {@code EXISTS} on
     *     the parent's table (which is the child's for a nested type)
     */
    String moveUnder(ResourceTable child, ResourceTable parent) {
        return "UPDATE " + child.table() + " SET " + child.parentColumn().orElseThrow() + " = :parent WHERE "
                + child.workspaceColumn() + " = :ws AND " + child.idColumn() + " = :id AND EXISTS (SELECT 1 FROM "
                + parent.table() + " p WHERE p." + parent.workspaceColumn() + " = :pws AND p." + parent.idColumn()
                + " = :parent)";
    }

    /** @return the SQLSTATEs this database reports for a lost race: deadlock, serialization failure, lock timeout */
    abstract Set<String> conflictStates();

    /**
     * @return whether {@code e} reports a lost race (deadlock, serialization failure, lock timeout),
     *     which a new attempt of the whole transaction may win; by default, by its SQLSTATE
     */
    boolean isConflict(SQLException e) {
        return e.getSQLState() != null && conflictStates().contains(e.getSQLState());
    }

    /** @return whether {@code e} reports a violated unique index or constraint; by default, SQLSTATE 23505 */
    boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** @return how an error message names {@code e}'s code: by default {@code SQLSTATE <state>} */
    String describe(SQLException e) {
        return "SQLSTATE " + e.getSQLState();
    }

    /**
     * Keeps instances that create the schema at the same moment from colliding, inside the
     * transaction that runs the scripts; does nothing where the database has no such lock (then
     * {@link #schemaAttempts()} is above one).
     */
    abstract void lockSchema(Handle h);

    /** @return how often the schema scripts are run when a concurrent run makes them fail */
    abstract int schemaAttempts();

    /**
     * @return the isolation level of the transactions the adapter begins itself (a transaction of the
     *     host's that a call joins keeps its own): by default the connection's, which is READ
     *     COMMITTED on PostgreSQL and H2, the level the adapter's race arbiters are written for (a
     *     conditional statement decides a race, and a read after it sees what the winner committed)
     */
    TransactionIsolationLevel isolation() {
        return TransactionIsolationLevel.UNKNOWN;
    }

    /**
     * Runs the schema scripts once, serialized against other instances doing the same: by default
     * in one transaction that first takes {@link #lockSchema}.
     */
    void runSchemaScripts(Handle h, List<String> scripts) {
        h.useTransaction(tx -> {
            lockSchema(tx);
            scripts.forEach(sql -> tx.createScript(sql).execute());
        });
    }

    /**
     * @return {@code table} as a statement that takes rows by a list of their keys names it (after
     *     {@code FROM} or {@code UPDATE}): by default the table itself; a database that would scan,
     *     and lock, the whole table instead of looking the keys up adds an index hint
     */
    String byKey(String table) {
        return table;
    }

    /** @return the start of a {@code DELETE} of rows of {@code table} taken by their keys, up to its {@code WHERE} */
    String deleteByKey(String table) {
        return "DELETE FROM " + table;
    }

    /** @return the value to bind for a UUID (an item id, a UUID key): by default the {@code UUID} itself */
    Object uuid(UUID id) {
        return id;
    }

    /** @return the values to bind for {@code ids}, in their order (see {@link #uuid(UUID)}) */
    final List<Object> uuids(List<UUID> ids) {
        return ids.stream().map(this::uuid).toList();
    }

    /** @return the UUID in column {@code column} of the current row, or null if it is SQL NULL */
    UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** @return an argument that binds {@code at} as this database's time columns hold instants; by default a UTC {@code OffsetDateTime} */
    Argument time(Instant at) {
        return Sql.at(at);
    }

    /** @return an argument that binds SQL NULL to a time column */
    Argument nullTime() {
        return Sql.nullTime();
    }

    /** @return the instant in time column {@code column} of the current row, or null if it is SQL NULL */
    Instant instant(ResultSet rs, String column) throws SQLException {
        return Sql.instant(rs, column);
    }

    /**
     * @return the SQL of the time in column {@code column} plus the number of microseconds bound to
     *     the {@code BIGINT} parameter {@code micros} (e.g. {@code ":micros"}), to the microsecond, as
     *     an instant (no calendar or time-zone arithmetic): a retention re-applied to a deletion time
     *     (SPEC R36)
     */
    abstract String plusMicros(String column, String micros);

    /**
     * @return the SQL of the later of the time expression {@code time} and the time parameter
     *     {@code parameter} (bound with {@link #time}); by default {@code GREATEST}
     */
    String later(String time, String parameter) {
        return "GREATEST(" + time + ", " + parameter + ")";
    }

    /**
     * @return the SQL of the earlier of the time column {@code column} and the time parameter
     *     {@code parameter}; by default {@code LEAST}
     */
    String earlier(String column, String parameter) {
        return "LEAST(" + column + ", " + parameter + ")";
    }

    /**
     * @return whether the sweeper's claim is one statement: a materialized CTE that chooses and locks
     *     the items, and an {@code UPDATE … FROM} it {@code RETURNING} the rows as they now are (see
     *     {@code JdbiTrashStore#claimNext}). By default false: the claim is the locking read, then an
     *     {@code UPDATE} by key of exactly the rows it locked (two statements per batch)
     */
    boolean claimsInOneStatement() {
        return false;
    }

    /**
     * @return the keyset condition of a listing ordered by {@code (column, id)}, both descending or
     *     both ascending: the rows strictly after the cursor's {@code (:after, :afterId)} in that
     *     order (SPEC R6, R38); by default a row-value comparison, which PostgreSQL and H2 read as a
     *     range of the index on {@code (workspace, column, id)}
     */
    String after(String column, boolean descending) {
        return "(" + column + ", id) " + (descending ? "<" : ">") + " (:after, :afterId)";
    }

    /**
     * @return the order of the sweeper's claim of items to warn of their expiry (SPEC R39), soonest
     *     expiry first, as this database reads it off the warnings' index: by default
     *     {@code expires_at} (PostgreSQL's partial index {@code trash_item_to_warn} holds only the
     *     items not warned yet)
     */
    String warnOrder() {
        return "expires_at";
    }

    /**
     * An index of {@code trash_item} that the schema scripts create and the start-up check recommends
     * (SPEC R26): there if an index of that name exists, or, when {@code columns} is not empty, one
     * whose leading columns are those.
     *
     * @param name its name in the scripts
     * @param columns its leading columns; empty to look for the name only (an index whose columns
     *     alone do not say what it is: partial, or of another access method)
     * @param script the script that creates it
     * @param purpose what goes slow without it
     */
    record TrashIndex(String name, List<String> columns, String script, String purpose) {
        TrashIndex {
            columns = List.copyOf(columns);
        }
    }

    /** The indexes of {@code trash_item} every database's scripts create alike, by version. */
    static final List<TrashIndex> COMMON_INDEXES = List.of(
            new TrashIndex("trash_item_by_workspace", List.of("workspace", "deleted_at", "id"), "V1__trash_item.sql",
                    "listing newest or oldest first"),
            new TrashIndex("trash_item_by_workspace_type", List.of("workspace", "root_type", "deleted_at", "id"),
                    "V1__trash_item.sql", "listing one type newest or oldest first"),
            new TrashIndex("trash_item_by_workspace_due", List.of("workspace", "due_at"), "V1__trash_item.sql",
                    "the sweeper's claims inside a workspace"),
            new TrashIndex("trash_item_by_due", List.of("due_at"), "V1__trash_item.sql",
                    "the sweeper's look for the workspaces with due items"),
            new TrashIndex("trash_item_by_workspace_expiry", List.of("workspace", "expires_at", "id"),
                    Database.FIND_AND_WARN_SCRIPT, "listing by expiry, and the items expiring within a window"),
            new TrashIndex("trash_item_by_workspace_size", List.of("workspace", "size_bytes", "id"),
                    Database.FIND_AND_WARN_SCRIPT, "listing by size"),
            new TrashIndex("trash_item_by_workspace_name", List.of("workspace", "name_key", "id"),
                    Database.FIND_AND_WARN_SCRIPT, "listing by name"));

    /**
     * @return the indexes of {@code trash_item} the scripts create, for the start-up check: by default
     *     {@link #COMMON_INDEXES} and those H2's and MariaDB's scripts create alike (no partial index:
     *     the retry count's on {@code attempts}, the warnings' on {@code (workspace, warned_at,
     *     expires_at)} and {@code (warned_at, expires_at)})
     */
    List<TrashIndex> trashIndexes() {
        List<TrashIndex> all = new ArrayList<>(COMMON_INDEXES);
        all.add(new TrashIndex("trash_item_retrying", List.of("attempts"), "V2__trash_item_retrying.sql",
                "the metrics' count of the items waiting for a retry"));
        all.add(new TrashIndex("trash_item_to_warn", List.of("workspace", "warned_at", "expires_at"),
                Database.FIND_AND_WARN_SCRIPT, "the sweeper's claim of the items to warn of their expiry"));
        all.add(new TrashIndex("trash_item_to_warn_any", List.of("warned_at", "expires_at"),
                Database.FIND_AND_WARN_SCRIPT, "the sweeper's look for the workspaces with items to warn of their expiry"));
        return List.copyOf(all);
    }

    /**
     * @return {@code identifier} as the database stores an unquoted identifier, the form its
     *     {@link DatabaseMetaData} reports and matches: by default what the metadata says it does
     *     (so H2's {@code DATABASE_TO_LOWER} is honoured), else the identifier as written
     */
    String fold(String identifier, DatabaseMetaData metadata) throws SQLException {
        if (metadata.storesLowerCaseIdentifiers()) {
            return identifier.toLowerCase(Locale.ROOT);
        }
        if (metadata.storesUpperCaseIdentifiers()) {
            return identifier.toUpperCase(Locale.ROOT);
        }
        return identifier;
    }

    /**
     * @return the namespace a table without a qualifier is in, as the metadata names it: by default
     *     the connection's current schema ({@code ""} if it has none)
     */
    String currentNamespace(Connection connection) throws SQLException {
        String current = connection.getSchema();
        return current == null ? "" : current;
    }

    /**
     * @return the catalog and the schema pattern to hand {@link DatabaseMetaData#getTables} and
     *     {@link DatabaseMetaData#getColumns} for tables of {@code namespace} (the pattern escaped
     *     with {@code escape}); by default the connection's catalog and the namespace as schema
     */
    String[] lookup(Connection connection, String namespace, UnaryOperator<String> escape)
            throws SQLException {
        return new String[] {connection.getCatalog(), escape.apply(namespace)};
    }

    /** @return whether a row of {@link DatabaseMetaData#getTables}/{@code getColumns} is of a table in {@code namespace} */
    boolean inNamespace(ResultSet row, String namespace) throws SQLException {
        return namespace.equals(row.getString("TABLE_SCHEM"));
    }

    /**
     * @return whether a column of JDBC type {@code jdbcType}, database type name {@code typeName} and
     *     size {@code size} (as {@link DatabaseMetaData#getColumns} reports them) holds a UUID
     */
    boolean isUuid(int jdbcType, String typeName, int size) {
        return "uuid".equalsIgnoreCase(typeName);
    }

    /** @return the name of the column type to create a trash column with, for messages */
    String uuidTypeName() {
        return "UUID";
    }

    /**
     * @return what is wrong with the connection's session for this database (e.g. a driver setting
     *     that shifts times), one message each; by default nothing
     */
    List<String> sessionProblems(Connection connection) throws SQLException {
        return List.of();
    }

    /**
     * @return what is wrong with table {@code table} of {@code namespace} (which exists) for this
     *     database beyond its columns and indexes, e.g. a storage engine without transactions; by
     *     default nothing
     */
    Optional<String> tableProblem(Connection connection, String namespace, String table) throws SQLException {
        return Optional.empty();
    }
}
