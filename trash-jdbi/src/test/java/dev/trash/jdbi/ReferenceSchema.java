package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference platform's tables, as a host would write them with the README's DDL recipe: one
 * table per type (named like the type) with id, workspace, parent foreign key, name, slug, size and
 * the trash column; an index on the parent column (and, for the folders nested in themselves only,
 * on the trash column: every other level is found from the root down); slug uniqueness among active rows
 * (PostgreSQL: partial unique index; H2 and MariaDB: unique index on a generated column that is
 * NULL for trashed rows; on MariaDB, binary collations on the key columns, InnoDB, the trash
 * column of MariaDB's UUID type). Also the tables of {@link ReferenceTypes#WITH_FOLDERS}' folders
 * (nested in themselves, SPEC R37: a nullable parent column {@code parent_id} with a foreign key to
 * the table itself, slugs unique among the active rows of one parent folder) and documents (in
 * folders). Plus the ledger table the test backends write freed bytes to. And the
 * {@link ResourceTable}s that describe those tables for any set of reference types, e.g. with
 * other retentions. Two layouts: the README's plain recipe, and its sharding-ready form (SPEC R44).
 */
final class ReferenceSchema {
    /** How the host tables are keyed. */
    enum Layout {
        /** The plain recipe: the id alone is the primary key, foreign keys on the parent id. */
        PLAIN,
        /**
         * Sharding-ready (the README's "Sharding by workspace"): primary keys {@code (workspace_id, id)},
         * foreign keys {@code (workspace_id, parent_id)}, every index led by {@code workspace_id},
         * as a database distributed by workspace (Citus) requires. Ids need only be unique per workspace.
         */
        SHARDED
    }

    private ReferenceSchema() {
    }

    /** @return the DDL statements of every reference table (folders and documents too) for {@code database}, in the plain layout */
    static List<String> ddl(Database database) {
        return ddl(database, Layout.PLAIN);
    }

    /** @return the DDL statements of every reference table for {@code database}, in {@code layout} */
    static List<String> ddl(Database database, Layout layout) {
        if (database == Database.MARIADB) {
            return mariadb(layout);
        }
        boolean sharded = layout == Layout.SHARDED;
        String ws = sharded ? "workspace_id, " : "";
        List<String> sql = new ArrayList<>();
        for (ResourceType t : ReferenceTypes.WITH_FOLDERS) {
            String column = parentColumn(t.name());
            String parent = t.parent().map(p -> "    " + column + " VARCHAR(255)" + (t.nested() ? "" : " NOT NULL")
                    + (sharded ? "" : " REFERENCES " + p + " (id)") + ",\n").orElse("");
            String keys = sharded ? ",\n    PRIMARY KEY (workspace_id, id)" + t.parent().map(p -> ",\n    FOREIGN KEY "
                    + "(workspace_id, " + column + ") REFERENCES " + p + " (workspace_id, id)").orElse("") : "";
            sql.add("CREATE TABLE " + t.name() + " (\n"
                    + "    id VARCHAR(255) NOT NULL" + (sharded ? "" : " PRIMARY KEY") + ",\n"
                    + "    workspace_id VARCHAR(255) NOT NULL,\n"
                    + parent
                    + "    name VARCHAR NOT NULL,\n"
                    + "    slug VARCHAR,\n"
                    + "    size_bytes BIGINT NOT NULL DEFAULT 0,\n"
                    + "    trash_item UUID" + keys + "\n)");
            if (t.nested()) {
                // The README's recipe: only a nested type's table needs its trash column indexed.
                sql.add("CREATE INDEX " + t.name() + "_trash ON " + t.name() + " (" + ws + "trash_item)");
            }
            t.parent().ifPresent(p -> sql.add("CREATE INDEX " + t.name() + "_parent ON " + t.name() + " (" + ws + column
                    + ")"));
            if (t.slugScope().isPresent()) {
                String scope = t.parent().map(p -> ws + column).orElse("workspace_id");
                if (database == Database.POSTGRESQL) {
                    sql.add("CREATE UNIQUE INDEX " + t.name() + "_active_slug ON " + t.name() + " (" + scope
                            + ", slug) WHERE trash_item IS NULL");
                } else {
                    sql.add("ALTER TABLE " + t.name() + " ADD COLUMN active_slug VARCHAR"
                            + " GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END)");
                    sql.add("CREATE UNIQUE INDEX " + t.name() + "_active_slug ON " + t.name() + " (" + scope
                            + ", active_slug)");
                }
            }
        }
        sql.add("CREATE TABLE test_ledger (workspace VARCHAR(255) NOT NULL, item UUID NOT NULL, bytes BIGINT NOT NULL)");
        return sql;
    }

    /**
     * The README's MariaDB recipe: keys compared byte for byte, slugs unique among active rows through
     * a generated column, in an index led by that column (so that each foreign key keeps an index of
     * its own, which marking a row does not change: else every mark would check the foreign key and
     * lock the parent row, and a parent's and a child's delete would deadlock).
     */
    private static List<String> mariadb(Layout layout) {
        boolean sharded = layout == Layout.SHARDED;
        String ws = sharded ? "workspace_id, " : "";
        List<String> sql = new ArrayList<>();
        String key = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        for (ResourceType t : ReferenceTypes.WITH_FOLDERS) {
            String column = parentColumn(t.name());
            StringBuilder table = new StringBuilder("CREATE TABLE " + t.name() + " (\n"
                    + "    id " + key + " NOT NULL,\n"
                    + "    workspace_id " + key + " NOT NULL,\n");
            t.parent().ifPresent(p -> table.append("    ").append(column).append(' ').append(key)
                    .append(t.nested() ? "" : " NOT NULL").append(",\n"));
            table.append("    name VARCHAR(1000) NOT NULL,\n"
                    + "    slug VARCHAR(512),\n"
                    + "    size_bytes BIGINT NOT NULL DEFAULT 0,\n"
                    + "    trash_item UUID,\n");
            if (t.slugScope().isPresent()) {
                String scope = t.parent().map(p -> ws + column).orElse("workspace_id");
                table.append("    active_slug VARCHAR(512) AS (CASE WHEN trash_item IS NULL THEN slug END) STORED,\n")
                        .append("    UNIQUE INDEX ").append(t.name()).append("_active_slug (active_slug, ").append(scope)
                        .append("),\n");
            }
            table.append("    PRIMARY KEY (").append(ws).append("id)");
            if (t.nested()) {
                table.append(",\n    INDEX ").append(t.name()).append("_trash (").append(ws).append("trash_item)");
            }
            t.parent().ifPresent(p -> table.append(",\n    INDEX ").append(t.name()).append("_parent (").append(ws)
                    .append(column).append("),\n    FOREIGN KEY (").append(ws).append(column).append(") REFERENCES ")
                    .append(p).append(" (").append(ws).append("id)"));
            sql.add(table.append("\n) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4").toString());
        }
        sql.add("CREATE TABLE test_ledger (workspace VARCHAR(255) NOT NULL, item CHAR(36) NOT NULL, bytes BIGINT NOT NULL)"
                + " ENGINE = InnoDB");
        return sql;
    }

    /** @return the description of every reference type's table */
    static List<ResourceTable> tables() {
        return tables(ReferenceTypes.ALL);
    }

    /**
     * @param types reference types (by name), possibly with other retentions or slug scopes
     * @return the description of each one's table: the type's parent, slug scope and retention, on the
     *     reference columns
     */
    static List<ResourceTable> tables(List<ResourceType> types) {
        return types.stream().map(ReferenceSchema::table).toList();
    }

    private static ResourceTable table(ResourceType type) {
        reference(type.name());
        ResourceTable table = ResourceTable.of(type.name(), type.name()).size("size_bytes");
        if (type.parent().isPresent()) {
            table = table.childOf(type.parent().get(), parentColumn(type.name()));
        }
        if (type.slugScope().isPresent()) {
            table = table.slug("slug", type.slugScope().get());
        }
        if (type.retention().isPresent()) {
            table = table.retention(type.retention().get());
        }
        if (type.hidden()) {
            table = table.hiddenWithParent();
        }
        return table;
    }

    /**
     * @return the parent foreign-key column of {@code type} ({@code <parent>_id}; {@code parent_id} for
     *     the folders nested in themselves), or null for a top-level type
     */
    static String parentColumn(String type) {
        ResourceType t = reference(type);
        return t.nested() ? "parent_id" : t.parent().map(p -> p + "_id").orElse(null);
    }

    /** @return the parent type of {@code type} ({@code folder} for a folder), if it has one */
    static Optional<String> parentType(String type) {
        return reference(type).parent();
    }

    /** @return the reference type (of {@link ReferenceTypes#WITH_FOLDERS}) named {@code type} */
    private static ResourceType reference(String type) {
        return ReferenceTypes.WITH_FOLDERS.stream().filter(x -> x.name().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a reference type: " + type));
    }
}
