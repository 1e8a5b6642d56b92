package dev.trash.jdbi;

import dev.trash.BackendException;
import dev.trash.ConfigurationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The start-up check of a {@link JdbiTrash} (SPEC R26): reads the JDBC metadata of the trash table
 * and of every host table the descriptions name, and turns each mistake into a message that names
 * the table and column and says how to fix it, before any delete could fail on it. Used once per
 * {@link JdbiTrash#validate()}; holds no state between calls. Thread-safe.
 */
final class Validator {
    /** The columns of {@code trash_item} the store reads and writes, as version 1 of the schema made them. */
    static final List<String> TRASH_COLUMNS = List.of("id", "workspace", "root_type", "root_id", "name", "slug",
            "parent_type", "parent_id", "parent_name", "deleted_at", "deleted_by", "expires_at", "size_bytes",
            "cascaded_count", "purge_owner", "available_at", "attempts", "last_error", "due_at");
    /** The columns of a hold (SPEC R32), which version 3 of the schema adds ({@link Database#HOLDS_SCRIPT}). */
    static final List<String> HOLD_COLUMNS = List.of("held_at", "held_by", "hold_reason");
    /**
     * The columns of expiry warnings (SPEC R39) and of the name as the listing sorts and searches it
     * (SPEC R38), which version 4 of the schema adds ({@link Database#FIND_AND_WARN_SCRIPT}).
     */
    static final List<String> FIND_AND_WARN_COLUMNS = List.of("warned_at", "name_key");

    private static final Set<Integer> INTEGERS = Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT);
    private static final Set<Integer> DECIMALS = Set.of(Types.NUMERIC, Types.DECIMAL);
    private static final Set<Integer> CHARACTERS = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    /** Longest index name PostgreSQL keeps. */
    private static final int MAX_NAME = 63;

    private final Jdbi jdbi;
    private final Database database;
    private final Dialect dialect;
    private final List<ResourceTable> tables;

    Validator(Jdbi jdbi, Database database, List<ResourceTable> tables) {
        this.jdbi = jdbi;
        this.database = database;
        this.dialect = database.dialect();
        this.tables = tables;
    }

    /** A column as the metadata reports it. */
    private record Column(int jdbcType, String typeName, int size, int scale, boolean notNull) {
        @Override
        public String toString() {
            return typeName;
        }
    }

    /** What the checks found: mistakes, and missing recommended indexes. */
    private static final class Findings {
        final List<String> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
    }

    List<String> validate() {
        Findings found;
        try {
            found = jdbi.withHandle(h -> check(h.getConnection()));
        } catch (SQLException | JdbiException e) {
            throw new BackendException("could not read the database's metadata to check the schema: "
                    + e.getMessage(), e);
        }
        if (!found.problems.isEmpty()) {
            throw new ConfigurationException(found.problems.size() == 1 ? found.problems.get(0)
                    : found.problems.size() + " problems with the schema: " + String.join("; ", found.problems));
        }
        return List.copyOf(found.warnings);
    }

    private Findings check(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        Findings found = new Findings();
        found.problems.addAll(dialect.sessionProblems(connection));
        checkTrashTable(connection, md, found);
        Map<String, ResourceTable> byType = new HashMap<>();
        tables.forEach(t -> byType.put(t.typeName(), t));
        for (ResourceTable t : tables) {
            checkHostTable(connection, md, t, byType, found);
        }
        return found;
    }

    private void checkTrashTable(Connection connection, DatabaseMetaData md, Findings found) throws SQLException {
        String schema = schemaOf(connection, md, "trash_item");
        String flyway = "\"classpath:" + database.schemaLocation() + "\"";
        if (!exists(connection, md, schema, "trash_item")) {
            found.problems.add("table trash_item does not exist in schema " + schema + ": create it when the "
                    + "application starts with JdbiTrash.createSchemaIfMissing(), or apply the library's scripts with "
                    + "a Flyway of their own next to yours (location " + flyway + ", i.e. \"classpath:\" + "
                    + "jdbiTrash.database().schemaLocation(); table " + Database.FLYWAY_HISTORY_TABLE
                    + ", baselineOnMigrate with baselineVersion 0)");
            return;
        }
        dialect.tableProblem(connection, schema, dialect.fold("trash_item", md)).ifPresent(found.problems::add);
        Map<String, Column> columns = columns(connection, md, schema, "trash_item");
        List<String> missing = missing(columns, md, TRASH_COLUMNS);
        List<String> missingHold = missing(columns, md, HOLD_COLUMNS);
        List<String> missingV4 = missing(columns, md, FIND_AND_WARN_COLUMNS);
        String upgrade = "upgrade it in place, keeping every item, with JdbiTrash.createSchemaIfMissing() when the "
                + "application starts, or with the library's Flyway (location " + flyway + ", table "
                + Database.FLYWAY_HISTORY_TABLE + "), which applies ";
        String byHand = database.schemaLocation() + "/";
        if (missing.isEmpty() && missingHold.size() == HOLD_COLUMNS.size() && missingV4.size() == FIND_AND_WARN_COLUMNS.size()) {
            // A schema of an earlier version of the library (1 or 2), whole: it is upgraded in place.
            found.problems.add("table trash_item in schema " + schema + " has no columns " + String.join(", ", missingHold)
                    + ": it was made by the schema scripts of an earlier version of trash-jdbi (schema version 1 or 2), "
                    + "and holds (SPEC R32) need version 3; " + upgrade + Database.HOLDS_SCRIPT + " (and "
                    + Database.FIND_AND_WARN_SCRIPT + " after it); or run " + byHand + Database.HOLDS_SCRIPT
                    + " by hand (then " + byHand + Database.FIND_AND_WARN_SCRIPT + ")");
            return;
        }
        if (missing.isEmpty() && missingHold.isEmpty() && missingV4.size() == FIND_AND_WARN_COLUMNS.size()) {
            // A schema of version 3, whole: it is upgraded in place.
            found.problems.add("table trash_item in schema " + schema + " has no columns " + String.join(", ", missingV4)
                    + ": it was made by the schema scripts of an earlier version of trash-jdbi (schema version 3), "
                    + "and expiry warnings (SPEC R39) and the name filter and order (SPEC R38) need version 4; " + upgrade
                    + Database.FIND_AND_WARN_SCRIPT + "; or run " + byHand + Database.FIND_AND_WARN_SCRIPT + " by hand");
            return;
        }
        missing.addAll(missingHold);
        missing.addAll(missingV4);
        if (!missing.isEmpty()) {
            found.problems.add("table trash_item in schema " + schema + " has no column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + ": it was not made by this version's schema scripts; migrate it "
                    + "with the scripts at " + flyway + " (Flyway) or create it again with JdbiTrash.createSchemaIfMissing()");
            return;
        }
        recommendTrashIndexes(connection, md, schema, found);
    }

    /**
     * Warns of each index of {@code trash_item} the scripts create that is missing (SPEC R26): by its
     * name, or an index with its leading columns; the warning names it, what goes slow without it,
     * and the script that creates it (re-runnable: running it again creates only what is missing).
     */
    private void recommendTrashIndexes(Connection connection, DatabaseMetaData md, String schema, Findings found)
            throws SQLException {
        Map<String, List<String>> indexes = namedIndexes(connection, md, schema, dialect.fold("trash_item", md));
        for (Dialect.TrashIndex index : dialect.trashIndexes()) {
            if (indexes.containsKey(index.name().toUpperCase(Locale.ROOT))) {
                continue;
            }
            List<String> lead = new ArrayList<>();
            for (String column : index.columns()) {
                lead.add(key(column, md));
            }
            if (!lead.isEmpty() && indexes.values().stream()
                    .anyMatch(c -> c.size() >= lead.size() && c.subList(0, lead.size()).equals(lead))) {
                continue;
            }
            found.warnings.add("table trash_item in schema " + schema + " has no index " + index.name()
                    + (index.columns().isEmpty() ? "" : " (" + String.join(", ", index.columns()) + ")") + ": "
                    + index.purpose() + " reads more of the table without it; the schema script "
                    + database.schemaLocation() + "/" + index.script() + " creates it (re-runnable: run it again, or "
                    + "JdbiTrash.createSchemaIfMissing())");
        }
    }

    /** {@return those of {@code wanted} that {@code columns} lacks, in their order} */
    private List<String> missing(Map<String, Column> columns, DatabaseMetaData md, List<String> wanted) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String column : wanted) {
            if (!columns.containsKey(key(column, md))) {
                missing.add(column);
            }
        }
        return missing;
    }

    private void checkHostTable(Connection connection, DatabaseMetaData md, ResourceTable t,
                                Map<String, ResourceTable> byType, Findings found) throws SQLException {
        String name = t.table();
        String schema = schemaOf(connection, md, name);
        String bare = bare(name);
        String type = t.typeName();
        if (!exists(connection, md, schema, bare)) {
            found.problems.add("table " + name + " of type " + type + " does not exist in schema " + schema
                    + ": create it, or describe the table the type lives in with ResourceTable.of(\"" + type
                    + "\", \"<table>\")");
            return;
        }
        dialect.tableProblem(connection, schema, dialect.fold(bare, md)).ifPresent(found.problems::add);
        Map<String, Column> columns = columns(connection, md, schema, bare);
        String as = "ResourceTable.";
        Column id = column(found, md, columns, t, t.idColumn(), "id column", as + "id(\"<column>\")");
        if (id != null && !usable(id, t.idType())) {
            found.problems.add(typeProblem(t, t.idColumn(), "id column", id) + ", which a KeyType." + t.idType()
                    + " id cannot be compared with: " + keyFix(id, t.idType(), as + "id(\"" + t.idColumn() + "\", KeyType."));
        }
        Column ws = column(found, md, columns, t, t.workspaceColumn(), "workspace column", as + "workspace(\"<column>\")");
        if (ws != null && !usable(ws, t.workspaceType())) {
            found.problems.add(typeProblem(t, t.workspaceColumn(), "workspace column", ws) + ", which a KeyType."
                    + t.workspaceType() + " workspace id cannot be compared with: " + keyFix(ws, t.workspaceType(),
                    as + "workspace(\"" + t.workspaceColumn() + "\", KeyType."));
        }
        if (t.parentColumn().isPresent()) {
            String parent = t.parentType().orElseThrow();
            Column p = column(found, md, columns, t, t.parentColumn().get(), "parent column",
                    as + "childOf(\"" + parent + "\", \"<column>\")");
            ResourceTable parentTable = byType.get(parent);
            if (p != null && parentTable != null && !usable(p, parentTable.idType())) {
                found.problems.add(typeProblem(t, t.parentColumn().get(), "parent column", p) + ", but the id of its parent "
                        + parent + " is KeyType." + parentTable.idType() + ": give the column the type of "
                        + parentTable.table() + "." + parentTable.idColumn());
            }
            if (p != null && t.resourceType().nested() && p.notNull()) {
                found.problems.add("column " + t.table() + "." + t.parentColumn().get() + " (the parent column of type "
                        + type + ", which is nested in itself) is NOT NULL, but a top-level " + type + " has no parent, "
                        + "and a purge of a tree of them sets the parent column of the rows it deletes to NULL first "
                        + "(MariaDB, MySQL and H2 check the foreign key row by row): make it nullable");
            }
        }
        column(found, md, columns, t, t.nameColumn(), "name column", as + "name(\"<column>\")");
        if (t.slugColumn().isPresent()) {
            Column slug = column(found, md, columns, t, t.slugColumn().get(), "slug column", as + "slug(\"<column>\")");
            if (slug != null && !character(slug)) {
                found.problems.add(typeProblem(t, t.slugColumn().get(), "slug column", slug)
                        + ", not text: make it a character column (VARCHAR)");
            }
        }
        if (t.sizeColumn().isPresent()) {
            Column size = column(found, md, columns, t, t.sizeColumn().get(), "size column", as + "size(\"<column>\")");
            if (size != null && !integer(size)) {
                found.problems.add(typeProblem(t, t.sizeColumn().get(), "size column", size)
                        + ", not an integer: make it an integer column of bytes (BIGINT)");
            }
        }
        Column trash = column(found, md, columns, t, t.trashColumn(), "trash column", as + "trashColumn(\"<column>\")");
        if (trash != null && !dialect.isUuid(trash.jdbcType(), trash.typeName(), trash.size())) {
            found.problems.add(typeProblem(t, t.trashColumn(), "trash column", trash)
                    + ", but it must hold trash item ids: make it a nullable " + dialect.uuidTypeName() + " column");
        }

        List<List<String>> indexes = indexes(connection, md, schema, bare);
        if (t.resourceType().nested()) {
            // Only a nested type's rows are found by their mark (the whole subtree carries it); every other
            // level is found from the root down, through the parent keys, so marking changes no index.
            recommend(found, md, t, indexes, t.trashColumn(), "trash column",
                    "restore and purge find the folders of an item, at every depth, through it");
        }
        if (t.parentColumn().isPresent()) {
            recommend(found, md, t, indexes, t.parentColumn().get(), "parent column",
                    "every cascade level, restore and purge find the children of an item's rows through it");
        }
    }

    private boolean usable(Column c, KeyType key) {
        return switch (key) {
            case TEXT -> character(c);
            case BIGINT -> integer(c);
            case UUID -> dialect.isUuid(c.jdbcType(), c.typeName(), c.size());
        };
    }

    private static boolean character(Column c) {
        return CHARACTERS.contains(c.jdbcType()) || "citext".equalsIgnoreCase(c.typeName());
    }

    private static boolean integer(Column c) {
        return INTEGERS.contains(c.jdbcType()) || DECIMALS.contains(c.jdbcType()) && c.scale() == 0;
    }

    /** {@return how to fix a key column whose type does not fit its key type: the key type the column does fit} */
    private String keyFix(Column c, KeyType declared, String wither) {
        for (KeyType k : KeyType.values()) {
            if (k != declared && usable(c, k)) {
                return "describe the key as it is with " + wither + k + ")";
            }
        }
        return "make it a " + switch (declared) {
            case TEXT -> "character column (VARCHAR)";
            case BIGINT -> "integer column (BIGINT)";
            case UUID -> dialect.uuidTypeName() + " column";
        };
    }

    private static String typeProblem(ResourceTable t, String column, String role, Column c) {
        return "column " + t.table() + "." + column + " (the " + role + " of type " + t.typeName() + ") is "
                + c.typeName();
    }

    /** {@return the column, or null after adding a problem that names it, its role and the wither that names it} */
    private Column column(Findings found, DatabaseMetaData md, Map<String, Column> columns, ResourceTable t,
                          String column, String role, String wither) throws SQLException {
        Column c = columns.get(key(column, md));
        if (c == null) {
            found.problems.add("table " + t.table() + " of type " + t.typeName() + " has no column " + column + " (its "
                    + role + "): add the column, or name the right one with " + wither);
        }
        return c;
    }

    private void recommend(Findings found, DatabaseMetaData md, ResourceTable t, List<List<String>> indexes,
                           String column, String role, String why) throws SQLException {
        String lead = key(column, md);
        String workspace = key(t.workspaceColumn(), md);
        for (List<String> index : indexes) {
            if (!index.isEmpty() && index.get(0).equals(lead)
                    || index.size() > 1 && index.get(0).equals(workspace) && index.get(1).equals(lead)) {
                return;
            }
        }
        String indexName = bare(t.table()) + "_" + column + "_idx";
        if (indexName.length() > MAX_NAME) {
            indexName = indexName.substring(0, MAX_NAME);
        }
        found.warnings.add("table " + t.table() + " of type " + t.typeName() + " has no index led by its " + role
                + " " + column + " (or by " + t.workspaceColumn() + ", " + column + "): " + why
                + "; create it with: CREATE INDEX " + indexName + " ON " + t.table() + " (" + column + ")");
    }

    // ---------------------------------------------------------------- metadata

    /**
     * {@return the schema (on MariaDB: the database) {@code table} is in: its qualifier, or the
     *     connection's current one}
     */
    private String schemaOf(Connection connection, DatabaseMetaData md, String table) throws SQLException {
        int dot = table.indexOf('.');
        if (dot > 0) {
            return dialect.fold(table.substring(0, dot), md);
        }
        return dialect.currentNamespace(connection);
    }

    private static String bare(String table) {
        int dot = table.indexOf('.');
        return dot > 0 ? table.substring(dot + 1) : table;
    }

    /** {@return {@code identifier} as the metadata reports it, upper-cased for comparison} */
    private String key(String identifier, DatabaseMetaData md) throws SQLException {
        return dialect.fold(identifier, md).toUpperCase(Locale.ROOT);
    }

    private static String pattern(String name, DatabaseMetaData md) throws SQLException {
        return escaper(md).apply(name);
    }

    /** {@return what turns a name into a metadata search pattern that matches only it} */
    private static UnaryOperator<String> escaper(DatabaseMetaData md) throws SQLException {
        String escape = md.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name -> name;
        }
        return name -> name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private boolean exists(Connection connection, DatabaseMetaData md, String schema, String table) throws SQLException {
        String name = dialect.fold(table, md);
        String[] where = dialect.lookup(connection, schema, escaper(md));
        try (ResultSet rs = md.getTables(where[0], where[1], pattern(name, md), null)) {
            while (rs.next()) {
                if (name.equals(rs.getString("TABLE_NAME")) && dialect.inNamespace(rs, schema)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@return the table's columns by {@link #key}} */
    private Map<String, Column> columns(Connection connection, DatabaseMetaData md, String schema, String table)
            throws SQLException {
        String name = dialect.fold(table, md);
        Map<String, Column> columns = new HashMap<>();
        String[] where = dialect.lookup(connection, schema, escaper(md));
        try (ResultSet rs = md.getColumns(where[0], where[1], pattern(name, md), "%")) {
            while (rs.next()) {
                if (name.equals(rs.getString("TABLE_NAME")) && dialect.inNamespace(rs, schema)) {
                    columns.put(rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT), new Column(rs.getInt("DATA_TYPE"),
                            rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"),
                            rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls));
                }
            }
        }
        return columns;
    }

    /** {@return the columns of each index of the table, in index order, each by {@link #key}} */
    private List<List<String>> indexes(Connection connection, DatabaseMetaData md, String schema, String table)
            throws SQLException {
        return List.copyOf(namedIndexes(connection, md, schema, table).values());
    }

    /** {@return the columns of each index of the table, in index order, each by {@link #key}, by the index's name upper-cased} */
    private Map<String, List<String>> namedIndexes(Connection connection, DatabaseMetaData md, String schema, String table)
            throws SQLException {
        String name = dialect.fold(table, md);
        Map<String, TreeMap<Integer, String>> byIndex = new HashMap<>();
        String[] where = dialect.lookup(connection, schema, s -> s);
        try (ResultSet rs = md.getIndexInfo(where[0], where[1], name, false, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                byIndex.computeIfAbsent(index, k -> new TreeMap<>()).put((int) rs.getShort("ORDINAL_POSITION"),
                        column == null ? "" : column.toUpperCase(Locale.ROOT));
            }
        }
        Map<String, List<String>> named = new HashMap<>();
        byIndex.forEach((index, columns) -> named.put(index.toUpperCase(Locale.ROOT), List.copyOf(columns.values())));
        return named;
    }
}
