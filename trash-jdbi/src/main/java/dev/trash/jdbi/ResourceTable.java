package dev.trash.jdbi;

import dev.trash.InvalidArgumentException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one resource type of the host lives in a table: the table convention that gives the type
 * soft delete by configuration alone. The table needs an id, a workspace, a name and a nullable
 * {@code UUID} column that marks a row as trashed with the id of its trash item; a child type also
 * names its parent type and the foreign-key column to it; slug and size columns are optional.
 * Every row the library touches is found through these columns, a whole cascade level per statement.
 *
 * <pre>{@code
 * ResourceTable.of("project", "projects").slug("slug").size("size_bytes");
 * ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug").size("size_bytes");
 * ResourceTable.of("image", "images").childOf("dataset", "dataset_id").id("id", KeyType.BIGINT);
 * }</pre>
 *
 * Defaults: id column {@code id} ({@link KeyType#TEXT}), workspace column {@code workspace_id}
 * (TEXT), name column {@code name}, trash column {@code trash_item}, no parent, no slug, no size
 * (size 0). Names are SQL identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, the table optionally
 * schema-qualified), written into the SQL unquoted: the database folds their case as it always does
 * (PostgreSQL to lower case, H2 to upper case), and a reserved word fails when first used.
 * Immutable and thread-safe; each method returns a new table.
 *
 * @param type the resource type, as declared to the manager
 * @param table the table
 * @param idColumn the primary-key column
 * @param idType its SQL type; a child's parent column has its parent table's id type
 * @param workspaceColumn the column naming the owning workspace
 * @param workspaceType its SQL type
 * @param parentType the parent type, for a child type
 * @param parentColumn the foreign-key column to the parent's id, for a child type
 * @param nameColumn the display-name column
 * @param slugColumn the slug column, if the type has slugs
 * @param sizeColumn the column with the row's own size in bytes, if any
 * @param trashColumn the nullable {@code UUID} column that marks a row trashed (the item's id)
 */
public record ResourceTable(String type, String table, String idColumn, KeyType idType, String workspaceColumn,
                            KeyType workspaceType, Optional<String> parentType, Optional<String> parentColumn,
                            String nameColumn, Optional<String> slugColumn, Optional<String> sizeColumn,
                            String trashColumn) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Validates every component: names must be plain SQL identifiers. */
    public ResourceTable {
        if (type == null || type.isBlank()) {
            throw new InvalidArgumentException("type must not be null or blank, was '" + type + "'");
        }
        name(TABLE, table, "table");
        name(IDENTIFIER, idColumn, "idColumn");
        notNull(idType, "idType");
        name(IDENTIFIER, workspaceColumn, "workspaceColumn");
        notNull(workspaceType, "workspaceType");
        notNull(parentType, "parentType");
        notNull(parentColumn, "parentColumn");
        if (parentType.isPresent() != parentColumn.isPresent()) {
            throw new InvalidArgumentException("parentType and parentColumn of " + type
                    + " go together: set both with childOf(type, column)");
        }
        parentType.ifPresent(p -> {
            if (p.isBlank() || p.equals(type)) {
                throw new InvalidArgumentException("parentType of " + type + " must be another type, was '" + p + "'");
            }
        });
        parentColumn.ifPresent(c -> name(IDENTIFIER, c, "parentColumn"));
        name(IDENTIFIER, nameColumn, "nameColumn");
        notNull(slugColumn, "slugColumn").ifPresent(c -> name(IDENTIFIER, c, "slugColumn"));
        notNull(sizeColumn, "sizeColumn").ifPresent(c -> name(IDENTIFIER, c, "sizeColumn"));
        name(IDENTIFIER, trashColumn, "trashColumn");
    }

    /** @return the table of a top-level {@code type} in {@code table}, with the default columns */
    public static ResourceTable of(String type, String table) {
        return new ResourceTable(type, table, "id", KeyType.TEXT, "workspace_id", KeyType.TEXT, Optional.empty(),
                Optional.empty(), "name", Optional.empty(), Optional.empty(), "trash_item");
    }

    /** @return this table with the type as a child of {@code parentType}, referenced by {@code column} */
    public ResourceTable childOf(String parentType, String column) {
        return new ResourceTable(type, table, idColumn, idType, workspaceColumn, workspaceType,
                Optional.of(notNull(parentType, "parentType")), Optional.of(notNull(column, "parentColumn")),
                nameColumn, slugColumn, sizeColumn,
                trashColumn);
    }

    /** @return this table with another id column, of type TEXT */
    public ResourceTable id(String column) {
        return id(column, KeyType.TEXT);
    }

    /** @return this table with another id column and type */
    public ResourceTable id(String column, KeyType keyType) {
        return new ResourceTable(type, table, column, keyType, workspaceColumn, workspaceType, parentType,
                parentColumn, nameColumn, slugColumn, sizeColumn, trashColumn);
    }

    /** @return this table with another workspace column, of type TEXT */
    public ResourceTable workspace(String column) {
        return workspace(column, KeyType.TEXT);
    }

    /** @return this table with another workspace column and type */
    public ResourceTable workspace(String column, KeyType keyType) {
        return new ResourceTable(type, table, idColumn, idType, column, keyType, parentType, parentColumn,
                nameColumn, slugColumn, sizeColumn, trashColumn);
    }

    /** @return this table with another name column */
    public ResourceTable name(String column) {
        return new ResourceTable(type, table, idColumn, idType, workspaceColumn, workspaceType, parentType,
                parentColumn, column, slugColumn, sizeColumn, trashColumn);
    }

    /** @return this table with a slug column */
    public ResourceTable slug(String column) {
        return new ResourceTable(type, table, idColumn, idType, workspaceColumn, workspaceType, parentType,
                parentColumn, nameColumn, Optional.of(notNull(column, "slugColumn")), sizeColumn, trashColumn);
    }

    /** @return this table with a size column (bytes, BIGINT) */
    public ResourceTable size(String column) {
        return new ResourceTable(type, table, idColumn, idType, workspaceColumn, workspaceType, parentType,
                parentColumn, nameColumn, slugColumn, Optional.of(notNull(column, "sizeColumn")), trashColumn);
    }

    /** @return this table with another trash column */
    public ResourceTable trashColumn(String column) {
        return new ResourceTable(type, table, idColumn, idType, workspaceColumn, workspaceType, parentType,
                parentColumn, nameColumn, slugColumn, sizeColumn, column);
    }

    private static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new InvalidArgumentException(field + " must not be null");
        }
        return value;
    }

    private static void name(Pattern pattern, String value, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidArgumentException(field + " must be a plain SQL identifier (letters, digits, _; "
                    + "not starting with a digit; at most 63 characters), was '" + value + "'");
        }
    }
}
