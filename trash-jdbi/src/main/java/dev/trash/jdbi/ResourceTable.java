package dev.trash.jdbi;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole description of one resource type of the host (SPEC R25): the type itself as core sees
 * it ({@link #resourceType()}: name, parent type, slug scope, retention) and the table it lives in,
 * with its columns. {@link JdbiTrash} derives the manager's type graph from these descriptions, so a
 * type's parent is declared exactly once, together with the column that links to it.
 *
 * <p>The table needs an id, a workspace, a name and a nullable {@code UUID} column that marks a row
 * as trashed with the id of its trash item; a child type names its parent type and the foreign-key
 * column to it; slug and size columns are optional. Every row the library touches is found through
 * these columns, a whole cascade level per statement, always inside one workspace.
 *
 * <pre>{@code
 * ResourceTable.of("project", "projects").slug("slug").size("size_bytes");
 * ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug").size("size_bytes")
 *     .retention(Duration.ofDays(7));
 * ResourceTable.of("image", "images").childOf("dataset", "dataset_id").id("id", KeyType.BIGINT);
 * ResourceTable.of("folder", "folders").childOf("folder", "parent_id").slug("slug");   // nested (SPEC R37)
 * }</pre>
 *
 * Defaults: id column {@code id} ({@link KeyType#TEXT}), workspace column {@code workspace_id}
 * (TEXT), name column {@code name}, trash column {@code trash_item}, no parent, no slug, no size
 * (size 0), the manager's retention. Names are SQL identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, at
 * most 63 characters, the table optionally schema-qualified), written into the SQL unquoted: the
 * database folds their case as it always does (PostgreSQL to lower case, H2 to upper case; MariaDB
 * keeps table names as written on Linux, where they are case-sensitive, and qualifies them by
 * database).
 *
 * <p>Immutable and thread-safe; each wither returns a new description and leaves this one as it
 * is. Equal descriptions are {@linkplain #equals equal}.
 */
public final class ResourceTable {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final ResourceType resourceType;
    /** The slug scope as the host set it; empty: unique in the workspace for a top-level type, in the parent for a child. */
    private final Optional<SlugScope> slugScope;
    private final String table;
    private final String idColumn;
    private final KeyType idType;
    private final String workspaceColumn;
    private final KeyType workspaceType;
    private final Optional<String> parentColumn;
    private final String nameColumn;
    private final Optional<String> slugColumn;
    private final Optional<String> sizeColumn;
    private final String trashColumn;

    private ResourceTable(String type, Optional<String> parentType, Optional<SlugScope> slugScope,
                          Optional<Duration> retention, String table, String idColumn, KeyType idType,
                          String workspaceColumn, KeyType workspaceType, Optional<String> parentColumn,
                          String nameColumn, Optional<String> slugColumn, Optional<String> sizeColumn,
                          String trashColumn, boolean hidden) {
        if (type == null || type.isBlank()) {
            throw new InvalidArgumentException("type must not be null or blank, was " + quoted(type));
        }
        name(TABLE, table, "table of " + type);
        name(IDENTIFIER, idColumn, "idColumn of " + type);
        notNull(idType, "idType of " + type);
        name(IDENTIFIER, workspaceColumn, "workspaceColumn of " + type);
        notNull(workspaceType, "workspaceType of " + type);
        parentType.ifPresent(p -> {
            if (p.isBlank()) {
                throw new InvalidArgumentException("parentType of " + type + " must be a type, was '" + p + "'");
            }
        });
        if (parentType.isPresent() != parentColumn.isPresent()) {
            throw new InvalidArgumentException("the parent type and parent column of " + type
                    + " go together: set both with childOf(type, column)");
        }
        parentColumn.ifPresent(c -> name(IDENTIFIER, c, "parentColumn of " + type));
        name(IDENTIFIER, nameColumn, "nameColumn of " + type);
        slugColumn.ifPresent(c -> name(IDENTIFIER, c, "slugColumn of " + type));
        sizeColumn.ifPresent(c -> name(IDENTIFIER, c, "sizeColumn of " + type));
        name(IDENTIFIER, trashColumn, "trashColumn of " + type);
        if (slugScope.isPresent() && slugColumn.isEmpty()) {
            throw new InvalidArgumentException("slug scope of " + type + " needs a slug column: set both with slug(column, scope)");
        }
        ResourceType described = ResourceType.of(type);
        if (parentType.isPresent()) {
            described = described.childOf(parentType.get());
        }
        if (slugColumn.isPresent()) {
            described = described.slugUniqueIn(slugScope.orElse(parentType.isPresent() ? SlugScope.PARENT : SlugScope.WORKSPACE));
        }
        if (retention.isPresent()) {
            described = described.retention(retention.get());
        }
        if (hidden) {
            described = described.hiddenWithParent();
        }
        this.resourceType = described;
        this.slugScope = slugScope;
        this.table = table;
        this.idColumn = idColumn;
        this.idType = idType;
        this.workspaceColumn = workspaceColumn;
        this.workspaceType = workspaceType;
        this.parentColumn = parentColumn;
        this.nameColumn = nameColumn;
        this.slugColumn = slugColumn;
        this.sizeColumn = sizeColumn;
        this.trashColumn = trashColumn;
    }

    /**
     * {@return the description of the top-level {@code type} in {@code table}, with the default
     *     columns}
     *
     * @param type the resource type, e.g. {@code project}
     * @param table the table's name
     * @throws InvalidArgumentException if the type is blank or the table no plain SQL identifier
     */
    public static ResourceTable of(String type, String table) {
        return new ResourceTable(type, Optional.empty(), Optional.empty(), Optional.empty(), table, "id", KeyType.TEXT,
                "workspace_id", KeyType.TEXT, Optional.empty(), "name", Optional.empty(), Optional.empty(), "trash_item", false);
    }

    private ResourceTable with(Optional<String> parentType, Optional<SlugScope> slugScope, Optional<Duration> retention,
                               String idColumn, KeyType idType, String workspaceColumn, KeyType workspaceType,
                               Optional<String> parentColumn, String nameColumn, Optional<String> slugColumn,
                               Optional<String> sizeColumn, String trashColumn) {
        return new ResourceTable(resourceType.name(), parentType, slugScope, retention, table, idColumn, idType,
                workspaceColumn, workspaceType, parentColumn, nameColumn, slugColumn, sizeColumn, trashColumn,
                resourceType.hidden());
    }

    /**
     * {@return this description with the type as a child of {@code parentType}: deleting a parent
     *     cascades to its children, level by level (SPEC R3); for a nested type, to every depth of
     *     its own rows in one recursive statement}
     *
     * @param parentType the parent's type, described by its own {@code ResourceTable}; or this type
     *     itself, for a type nested in itself (folders in folders, SPEC R37: the column is then a
     *     nullable foreign key of the table to itself, {@code NULL} for a top-level row)
     * @param column the foreign-key column to the parent's id (of the parent table's id type)
     */
    public ResourceTable childOf(String parentType, String column) {
        return with(Optional.of(notNull(parentType, "parentType of " + typeName())), slugScope,
                resourceType.retention(), idColumn, idType, workspaceColumn, workspaceType,
                Optional.of(notNull(column, "parentColumn of " + typeName())), nameColumn, slugColumn, sizeColumn,
                trashColumn);
    }

    /**
     * {@return this description with another id column, of type TEXT}
     *
     * @param column the column's name
     */
    public ResourceTable id(String column) {
        return id(column, KeyType.TEXT);
    }

    /**
     * {@return this description with another id column and type}
     *
     * @param column the column's name
     * @param keyType the SQL type of the key
     */
    public ResourceTable id(String column, KeyType keyType) {
        return with(resourceType.parent(), slugScope, resourceType.retention(), column, keyType, workspaceColumn,
                workspaceType, parentColumn, nameColumn, slugColumn, sizeColumn, trashColumn);
    }

    /**
     * {@return this description with another workspace column, of type TEXT}
     *
     * @param column the column's name
     */
    public ResourceTable workspace(String column) {
        return workspace(column, KeyType.TEXT);
    }

    /**
     * {@return this description with another workspace column and type}
     *
     * @param column the column's name
     * @param keyType the SQL type of the key
     */
    public ResourceTable workspace(String column, KeyType keyType) {
        return with(resourceType.parent(), slugScope, resourceType.retention(), idColumn, idType, column, keyType,
                parentColumn, nameColumn, slugColumn, sizeColumn, trashColumn);
    }

    /**
     * {@return this description with another name column}
     *
     * @param column the column's name
     */
    public ResourceTable name(String column) {
        return with(resourceType.parent(), slugScope, resourceType.retention(), idColumn, idType, workspaceColumn,
                workspaceType, parentColumn, column, slugColumn, sizeColumn, trashColumn);
    }

    /**
     * {@return this description with a slug column whose values are unique among active rows in the
     *     workspace for a top-level type, and under the same parent for a child type (whether
     *     {@link #childOf} is called before or after this)}
     *
     * @param column the column's name
     */
    public ResourceTable slug(String column) {
        return with(resourceType.parent(), Optional.empty(), resourceType.retention(), idColumn, idType,
                workspaceColumn, workspaceType, parentColumn, nameColumn,
                Optional.of(notNull(column, "slugColumn of " + typeName())), sizeColumn, trashColumn);
    }

    /**
     * {@return this description with a slug column whose values are unique among active rows in {@code scope}}
     *
     * @param column the column's name
     * @param scope where slugs must be unique
     */
    public ResourceTable slug(String column, SlugScope scope) {
        return with(resourceType.parent(), Optional.of(notNull(scope, "slug scope of " + typeName())),
                resourceType.retention(), idColumn, idType, workspaceColumn, workspaceType, parentColumn, nameColumn,
                Optional.of(notNull(column, "slugColumn of " + typeName())), sizeColumn, trashColumn);
    }

    /**
     * {@return this description with a size column (the row's own bytes, an integer column)}
     *
     * @param column the column's name
     */
    public ResourceTable size(String column) {
        return with(resourceType.parent(), slugScope, resourceType.retention(), idColumn, idType, workspaceColumn,
                workspaceType, parentColumn, nameColumn, slugColumn,
                Optional.of(notNull(column, "sizeColumn of " + typeName())), trashColumn);
    }

    /**
     * {@return this description with another trash column (a nullable {@code UUID} column)}
     *
     * @param column the column's name
     */
    public ResourceTable trashColumn(String column) {
        return with(resourceType.parent(), slugScope, resourceType.retention(), idColumn, idType, workspaceColumn,
                workspaceType, parentColumn, nameColumn, slugColumn, sizeColumn, column);
    }

    /**
     * {@return this description with its own retention: items whose root is of this type stay
     *     restorable this long (SPEC R2)}
     *
     * @param retention how long a deleted item stays in the Trash
     * @throws InvalidArgumentException if {@code retention} is null, zero, negative or over {@link ResourceType#MAX_RETENTION}
     */
    public ResourceTable retention(Duration retention) {
        return with(resourceType.parent(), slugScope, Optional.of(notNull(retention, "retention of " + typeName())),
                idColumn, idType, workspaceColumn, workspaceType, parentColumn, nameColumn, slugColumn, sizeColumn,
                trashColumn);
    }

    /**
     * {@return this description with the type's rows hidden with their parent (SPEC R42, see {@link
     *     ResourceType#hiddenWithParent()}): a delete of an ancestor leaves them as they are, and
     *     the host's queries of active rows hide them through {@link JdbiTrash#activeRows}; only a
     *     leaf type can be hidden}
     *
     * @throws InvalidArgumentException if this type has no parent type or is nested in itself
     */
    public ResourceTable hiddenWithParent() {
        return new ResourceTable(resourceType.name(), resourceType.parent(), slugScope, resourceType.retention(), table,
                idColumn, idType, workspaceColumn, workspaceType, parentColumn, nameColumn, slugColumn, sizeColumn,
                trashColumn, true);
    }

    /** {@return the type as core sees it: name, parent type, slug scope, retention and whether it is hidden with its parent} */
    public ResourceType resourceType() {
        return resourceType;
    }

    /** {@return the table, as written (optionally {@code schema.table})} */
    public String table() {
        return table;
    }

    /** {@return the primary-key column} */
    public String idColumn() {
        return idColumn;
    }

    /** {@return the SQL type of the id column; a child's parent column has its parent table's id type} */
    public KeyType idType() {
        return idType;
    }

    /** {@return the column naming the owning workspace} */
    public String workspaceColumn() {
        return workspaceColumn;
    }

    /** {@return the SQL type of the workspace column} */
    public KeyType workspaceType() {
        return workspaceType;
    }

    /** {@return the foreign-key column to the parent's id; present exactly when the type has a parent} */
    public Optional<String> parentColumn() {
        return parentColumn;
    }

    /** {@return the display-name column} */
    public String nameColumn() {
        return nameColumn;
    }

    /** {@return the slug column, if the type has slugs} */
    public Optional<String> slugColumn() {
        return slugColumn;
    }

    /** {@return the column with the row's own size in bytes, if any} */
    public Optional<String> sizeColumn() {
        return sizeColumn;
    }

    /** {@return the nullable {@code UUID} column that marks a row trashed with its item's id} */
    public String trashColumn() {
        return trashColumn;
    }

    /** {@return the type's name: {@code resourceType().name()}} */
    String typeName() {
        return resourceType.name();
    }

    /** {@return the parent type's name, for a child type} */
    Optional<String> parentType() {
        return resourceType.parent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceTable t && resourceType.equals(t.resourceType) && slugScope.equals(t.slugScope)
                && table.equals(t.table) && idColumn.equals(t.idColumn) && idType == t.idType
                && workspaceColumn.equals(t.workspaceColumn) && workspaceType == t.workspaceType
                && parentColumn.equals(t.parentColumn) && nameColumn.equals(t.nameColumn)
                && slugColumn.equals(t.slugColumn) && sizeColumn.equals(t.sizeColumn) && trashColumn.equals(t.trashColumn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resourceType, slugScope, table, idColumn, idType, workspaceColumn, workspaceType,
                parentColumn, nameColumn, slugColumn, sizeColumn, trashColumn);
    }

    /** {@return the description as the withers would write it, e.g. {@code ResourceTable.of("model", "models").childOf("project", "project_id")…}} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ResourceTable.of(\"").append(typeName()).append("\", \"").append(table).append("\")");
        parentColumn.ifPresent(c -> s.append(".childOf(\"").append(parentType().orElseThrow()).append("\", \"").append(c).append("\")"));
        if (!idColumn.equals("id") || idType != KeyType.TEXT) {
            s.append(".id(\"").append(idColumn).append("\", KeyType.").append(idType).append(')');
        }
        if (!workspaceColumn.equals("workspace_id") || workspaceType != KeyType.TEXT) {
            s.append(".workspace(\"").append(workspaceColumn).append("\", KeyType.").append(workspaceType).append(')');
        }
        if (!nameColumn.equals("name")) {
            s.append(".name(\"").append(nameColumn).append("\")");
        }
        slugColumn.ifPresent(c -> s.append(".slug(\"").append(c).append('"')
                .append(slugScope.map(sc -> ", SlugScope." + sc).orElse("")).append(')'));
        sizeColumn.ifPresent(c -> s.append(".size(\"").append(c).append("\")"));
        if (!trashColumn.equals("trash_item")) {
            s.append(".trashColumn(\"").append(trashColumn).append("\")");
        }
        resourceType.retention().ifPresent(r -> s.append(".retention(").append(r).append(')'));
        if (resourceType.hidden()) {
            s.append(".hiddenWithParent()");
        }
        return s.toString();
    }

    private static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new InvalidArgumentException(field + " must not be null");
        }
        return value;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static void name(Pattern pattern, String value, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidArgumentException(field + " must be a plain SQL identifier (letters, digits, _; "
                    + "not starting with a digit; at most 63 characters), was " + quoted(value));
        }
    }
}
