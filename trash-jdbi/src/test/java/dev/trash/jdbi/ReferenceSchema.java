package dev.trash.jdbi;

import dev.trash.testkit.ReferenceTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference platform's tables, as a host would write them with the README's DDL recipe: one
 * table per type with id, workspace, parent foreign key, name, slug, size and the trash column;
 * indexes on the parent and trash columns; slug uniqueness among active rows (PostgreSQL: partial
 * unique index; H2: unique index on a generated column that is NULL for trashed rows). Plus the
 * ledger table the test backends write freed bytes to.
 */
final class ReferenceSchema {
    /** Type, parent type (or null), and whether the type has slugs unique in its parent (else in the workspace). */
    private record Type(String name, String parent, boolean slugs) {
    }

    private static final List<Type> TYPES = List.of(
            new Type(ReferenceTypes.PROJECT, null, true),
            new Type(ReferenceTypes.MODEL, ReferenceTypes.PROJECT, true),
            new Type(ReferenceTypes.WEIGHTS, ReferenceTypes.MODEL, false),
            new Type(ReferenceTypes.TRAINING_RUN, ReferenceTypes.MODEL, false),
            new Type(ReferenceTypes.EXPORT, ReferenceTypes.MODEL, false),
            new Type(ReferenceTypes.DATASET, null, true),
            new Type(ReferenceTypes.IMAGE, ReferenceTypes.DATASET, false),
            new Type(ReferenceTypes.ANNOTATION, ReferenceTypes.DATASET, false));

    private ReferenceSchema() {
    }

    /** @return the DDL statements for {@code database} */
    static List<String> ddl(Database database) {
        List<String> sql = new ArrayList<>();
        for (Type t : TYPES) {
            String parent = t.parent() == null ? "" : "    " + t.parent() + "_id VARCHAR(255) NOT NULL REFERENCES "
                    + t.parent() + " (id),\n";
            sql.add("CREATE TABLE " + t.name() + " (\n"
                    + "    id VARCHAR(255) PRIMARY KEY,\n"
                    + "    workspace_id VARCHAR(255) NOT NULL,\n"
                    + parent
                    + "    name VARCHAR(255) NOT NULL,\n"
                    + "    slug VARCHAR(255),\n"
                    + "    size_bytes BIGINT NOT NULL DEFAULT 0,\n"
                    + "    trash_item UUID\n)");
            sql.add("CREATE INDEX " + t.name() + "_trash ON " + t.name() + " (trash_item)");
            if (t.parent() != null) {
                sql.add("CREATE INDEX " + t.name() + "_parent ON " + t.name() + " (" + t.parent() + "_id)");
            }
            if (t.slugs()) {
                String scope = t.parent() == null ? "workspace_id" : t.parent() + "_id";
                if (database == Database.POSTGRESQL) {
                    sql.add("CREATE UNIQUE INDEX " + t.name() + "_active_slug ON " + t.name() + " (" + scope
                            + ", slug) WHERE trash_item IS NULL");
                } else {
                    sql.add("ALTER TABLE " + t.name() + " ADD COLUMN active_slug VARCHAR(255)"
                            + " GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END)");
                    sql.add("CREATE UNIQUE INDEX " + t.name() + "_active_slug ON " + t.name() + " (" + scope
                            + ", active_slug)");
                }
            }
        }
        sql.add("CREATE TABLE test_ledger (workspace VARCHAR(255) NOT NULL, item UUID NOT NULL, bytes BIGINT NOT NULL)");
        return sql;
    }

    /** @return the table of every reference type */
    static List<ResourceTable> tables() {
        return TYPES.stream().map(t -> {
            ResourceTable table = ResourceTable.of(t.name(), t.name()).slug("slug").size("size_bytes");
            return t.parent() == null ? table : table.childOf(t.parent(), t.parent() + "_id");
        }).toList();
    }

    /** @return the parent foreign-key column of {@code type}, or null for a top-level type */
    static String parentColumn(String type) {
        Type t = TYPES.stream().filter(x -> x.name().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a reference type: " + type));
        return t.parent() == null ? null : t.parent() + "_id";
    }
}
