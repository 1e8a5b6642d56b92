package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference platform's tables, as a host would write them with the README's DDL recipe: one
 * table per type (named like the type) with id, workspace, parent foreign key, name, slug, size and
 * the trash column; indexes on the parent and trash columns; slug uniqueness among active rows
 * (PostgreSQL: partial unique index; H2: unique index on a generated column that is NULL for
 * trashed rows). Plus the ledger table the test backends write freed bytes to. And the
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

    /** @return the DDL statements of every reference table for {@code database}, in the plain layout */
    static List<String> ddl(Database database) {
        return ddl(database, Layout.PLAIN);
    }

    /** @return the DDL statements of every reference table for {@code database}, in {@code layout} */
    static List<String> ddl(Database database, Layout layout) {
        boolean sharded = layout == Layout.SHARDED;
        String ws = sharded ? "workspace_id, " : "";
        List<String> sql = new ArrayList<>();
        for (ResourceType t : ReferenceTypes.ALL) {
            String parent = t.parent().map(p -> "    " + p + "_id VARCHAR(255) NOT NULL"
                    + (sharded ? "" : " REFERENCES " + p + " (id)") + ",\n").orElse("");
            String keys = sharded ? ",\n    PRIMARY KEY (workspace_id, id)" + t.parent().map(p -> ",\n    FOREIGN KEY "
                    + "(workspace_id, " + p + "_id) REFERENCES " + p + " (workspace_id, id)").orElse("") : "";
            sql.add("CREATE TABLE " + t.name() + " (\n"
                    + "    id VARCHAR(255) NOT NULL" + (sharded ? "" : " PRIMARY KEY") + ",\n"
                    + "    workspace_id VARCHAR(255) NOT NULL,\n"
                    + parent
                    + "    name VARCHAR NOT NULL,\n"
                    + "    slug VARCHAR,\n"
                    + "    size_bytes BIGINT NOT NULL DEFAULT 0,\n"
                    + "    trash_item UUID" + keys + "\n)");
            sql.add("CREATE INDEX " + t.name() + "_trash ON " + t.name() + " (" + ws + "trash_item)");
            t.parent().ifPresent(p -> sql.add("CREATE INDEX " + t.name() + "_parent ON " + t.name() + " (" + ws + p
                    + "_id)"));
            if (t.slugScope().isPresent()) {
                String scope = t.parent().map(p -> ws + p + "_id").orElse("workspace_id");
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
        if (ReferenceTypes.ALL.stream().noneMatch(t -> t.name().equals(type.name()))) {
            throw new IllegalArgumentException("not a reference type: " + type.name());
        }
        ResourceTable table = ResourceTable.of(type.name(), type.name()).size("size_bytes");
        if (type.parent().isPresent()) {
            table = table.childOf(type.parent().get(), type.parent().get() + "_id");
        }
        if (type.slugScope().isPresent()) {
            table = table.slug("slug", type.slugScope().get());
        }
        if (type.retention().isPresent()) {
            table = table.retention(type.retention().get());
        }
        return table;
    }

    /** @return the parent foreign-key column of {@code type}, or null for a top-level type */
    static String parentColumn(String type) {
        ResourceType t = ReferenceTypes.ALL.stream().filter(x -> x.name().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a reference type: " + type));
        return t.parent().map(p -> p + "_id").orElse(null);
    }
}
