package dev.trash.jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The rows of one table that belong to the trees of some trash items of one root type
 * ({@link dev.trash.spi.ItemTree}), as an SQL condition that reaches them from the roots down
 * through the parent keys, so that no statement needs an index on a child table's trash column
 * (marking a row then changes no index: a HOT update in PostgreSQL). The condition on the table
 * (behind an alias, or unqualified) is:
 * <ul>
 *   <li>for the roots' type: {@code id IN (<roots>) AND trash IN (<items>)} (the primary key);</li>
 *   <li>for a type nested in itself (SPEC R37): {@code trash IN (<items>)}, as every row a delete
 *       cascaded through the nesting carries the item (a nested table keeps its trash index);</li>
 *   <li>for a child type: {@code trash IN (<items>) AND parent IN (SELECT id FROM <parent table>
 *       WHERE <workspace> AND <the parent's condition>)} (the parent-key index), one subquery per
 *       level of the type graph, never per row;</li>
 *   <li>for a child type hidden with its parent (SPEC R42): the same with {@code trash IS NULL}: its
 *       rows are never marked by a cascade, they belong to the tree while they are active.</li>
 * </ul>
 * Every subquery names the workspace (SPEC R44). Made for one statement; not thread-safe.
 */
final class TreeRows {
    private final Map<String, ResourceTable> tables;
    private final String rootType;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Object> items;
    private final List<Object> roots;
    /** The workspace as each table's workspace column holds it; empty: the workspace cannot be one of its values. */
    private final Function<ResourceTable, Optional<Object>> workspace;

    /**
     * @param tables every table, by type
     * @param rootType the type of the trees' roots
     * @param items the trees' items, as bound
     * @param roots the trees' root ids, as bound
     * @param workspace the workspace as a table's workspace column holds it
     */
    TreeRows(Map<String, ResourceTable> tables, String rootType, List<Object> items, List<Object> roots,
             Function<ResourceTable, Optional<Object>> workspace) {
        this.tables = tables;
        this.rootType = rootType;
        this.items = List.copyOf(items);
        this.roots = List.copyOf(roots);
        this.workspace = workspace;
    }

    /**
     * {@return the condition on the table's rows that they belong to the trees; empty if none can
     *     (the type is not under the roots' type, or a workspace cannot be a value of a column)}
     *
     * @param table the table whose rows to find
     * @param alias the table's alias in the statement, or "" for unqualified columns
     */
    Optional<String> belong(ResourceTable table, String alias) {
        return belong(table, alias, 1);
    }

    private Optional<String> belong(ResourceTable t, String alias, int depth) {
        String trash = column(alias, t.trashColumn());
        if (t.resourceType().nested()) {
            // A nested type is the top of its own forest: under no other type.
            return t.typeName().equals(rootType) ? Optional.of(trash + " IN (<items>)") : Optional.empty();
        }
        if (t.typeName().equals(rootType)) {
            return Optional.of(column(alias, t.idColumn()) + " IN (<roots>) AND " + trash + " IN (<items>)");
        }
        if (t.parentType().isEmpty()) {
            return Optional.empty();
        }
        ResourceTable p = tables.get(t.parentType().get());
        Optional<Object> ws = workspace.apply(p);
        String pa = "tree" + depth;
        Optional<String> up = belong(p, pa, depth + 1);
        if (ws.isEmpty() || up.isEmpty()) {
            return Optional.empty();
        }
        String wsName = "tree_ws" + depth;
        values.put(wsName, ws.get());
        return Optional.of((t.resourceType().hidden() ? trash + " IS NULL" : trash + " IN (<items>)") + " AND "
                + column(alias, t.parentColumn().orElseThrow()) + " IN (SELECT " + pa + "." + p.idColumn() + " FROM "
                + p.table() + " " + pa + " WHERE " + pa + "." + p.workspaceColumn() + " = :" + wsName + " AND " + up.get()
                + ")");
    }

    private static String column(String alias, String column) {
        return alias.isEmpty() ? column : alias + "." + column;
    }

    /**
     * Binds what {@link #belong} wrote: the items, the roots and each level's workspace, allowing the
     * statement (only it) to leave some of them unused (a nested type's condition needs no roots);
     * returns the statement.
     */
    <S extends SqlStatement<S>> S bind(S statement) {
        statement.configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true));
        values.forEach(statement::bind);
        return statement.bindList("items", new ArrayList<>(items)).bindList("roots", new ArrayList<>(roots));
    }
}
