package dev.trash.jdbi;

import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * One cascade level as SQL, for {@link Dialect#markChildren}: the rows to mark are the active rows
 * of the child table in the workspace whose parent row (in the parent's workspace column) carries
 * the item; each dialect picks the statements that mark and measure them. Every statement names
 * the workspace on both tables (SPEC R44). A {@linkplain #nested() nested} level (a type that is
 * its own parent, SPEC R37; child and parent are the same table) marks every active descendant,
 * at every depth, through one recursive query ({@link #descendants()}), for
 * {@link Dialect#markDescendants}. Immutable; thread-safe.
 *
 * @param child the child's table
 * @param parent the parent's table
 * @param item the trash item's id, as bound
 * @param workspace the workspace, as the child's workspace column holds it
 * @param parentWorkspace the workspace, as the parent's workspace column holds it
 * @param parentRows the condition on the parent rows (alias {@code p}) that they carry the item: for
 *     a level under the root, {@link TreeRows#belong} (found from the root down, through the parent
 *     keys: no statement needs the trash column's index); for a nested level, {@code p.<trash> = :item}
 * @param tree what {@code parentRows} binds, if it is a {@link TreeRows} condition
 */
record CascadeLevel(ResourceTable child, ResourceTable parent, Object item, Object workspace, Object parentWorkspace,
                    String parentRows, Optional<TreeRows> tree) {
    /** {@return a nested type's level (SPEC R37): its parents are found by their mark} */
    static CascadeLevel nested(ResourceTable table, Object item, Object workspace) {
        return new CascadeLevel(table, table, item, workspace, workspace, "p." + table.trashColumn() + " = :item",
                Optional.empty());
    }

    /** {@return the child row's own size: its size column (behind {@code alias}, e.g. {@code "c."}), or {@code 0}} */
    String size(String alias) {
        return child.sizeColumn().map(c -> alias + c).orElse("0");
    }

    private String parentColumn() {
        return child.parentColumn().orElseThrow();
    }

    /**
     * {@return the rows to mark after {@code FROM}: {@code <child> WHERE <workspace> AND <trash> IS
     *     NULL AND <parent> IN (SELECT … the parents marked with the item)}, child columns
     *     unqualified}
     */
    String matching() {
        return child.table() + " WHERE " + child.workspaceColumn() + " = :ws AND " + child.trashColumn()
                + " IS NULL AND " + parentColumn() + " IN (SELECT p." + parent.idColumn() + " FROM " + parent.table()
                + " p WHERE p." + parent.workspaceColumn() + " = :pws AND " + parentRows + ")";
    }

    /** {@return the level's {@code UPDATE}, the parents in an {@code IN} subquery (bind with {@link #bindMatching})} */
    String update() {
        String matching = matching();
        String where = matching.substring(matching.indexOf(" WHERE "));
        return "UPDATE " + child.table() + " SET " + child.trashColumn() + " = :item" + where;
    }

    /**
     * {@return the level's {@code UPDATE} as a join of the child table (alias {@code c}) with its
     *     parents ({@code p}), for databases that plan a join better than an {@code IN} subquery in
     *     an {@code UPDATE} (bind with {@link #bindMatching})}
     */
    String joinedUpdate() {
        return "UPDATE " + child.table() + " c JOIN " + parent.table() + " p ON c." + parentColumn() + " = p."
                + parent.idColumn() + " SET c." + child.trashColumn() + " = :item WHERE c." + child.workspaceColumn()
                + " = :ws AND c." + child.trashColumn() + " IS NULL AND p." + parent.workspaceColumn()
                + " = :pws AND " + parentRows;
    }

    /**
     * {@return the sum of the sizes of the child rows the item marks in the workspace (bind with
     *     {@link #bindMatching}): for a nested level all the table's rows marked with it, else
     *     those under the parent rows}
     */
    String markedBytes() {
        return "SELECT COALESCE(SUM(" + size("") + "), 0) FROM " + child.table() + " WHERE " + child.workspaceColumn()
                + " = :ws AND " + child.trashColumn() + " = :item" + (nested() ? "" : " AND " + parentColumn()
                + " IN (SELECT p." + parent.idColumn() + " FROM " + parent.table() + " p WHERE p." + parent.workspaceColumn()
                + " = :pws AND " + parentRows + ")");
    }

    /** {@return whether this is a nested type's link to itself: child and parent are the same table (SPEC R37)} */
    boolean nested() {
        return child.typeName().equals(parent.typeName());
    }

    /**
     * {@return the recursive query, one column {@code node_id}, of the ids of the rows a nested
     *     level marks: the active rows of the table in the workspace whose parent carries the item,
     *     then the active rows whose parent is one of those, and so on to every depth. The walk
     *     stops at a row that is not active (a sub-folder trashed on its own keeps its item and its
     *     subtree, SPEC R4); both steps name the workspace (SPEC R44), each on its own alias
     *     ({@code c} the first, {@code n} the recursive one). {@code UNION}, not {@code UNION ALL}:
     *     from a tree a row is reached once anyway (the root is marked, so no walk comes back to
     *     it), but host data with a cycle must end the recursion, not loop. Bind with {@link
     *     #bindMatching}.}
     */
    String descendants() {
        String pc = parentColumn();
        String t = child.table();
        String id = child.idColumn();
        String ws = child.workspaceColumn();
        String trash = child.trashColumn();
        return "WITH RECURSIVE trash_tree (node_id) AS (SELECT c." + id + " FROM " + t + " c WHERE c." + ws
                + " = :ws AND c." + trash + " IS NULL AND c." + pc + " IN (SELECT p." + id + " FROM " + t + " p WHERE p."
                + ws + " = :pws AND p." + trash + " = :item) UNION SELECT n." + id + " FROM " + t
                + " n JOIN trash_tree r ON n." + pc + " = r.node_id WHERE n." + ws + " = :ws AND n." + trash
                + " IS NULL) SELECT node_id FROM trash_tree";
    }

    /**
     * {@return a nested level's {@code UPDATE}, its rows in an {@code IN} subquery of {@link
     *     #descendants()} (bind with {@link #bindMatching}); for a database that computes such a
     *     subquery once (PostgreSQL), not one that runs it again for each row it updates (H2)}
     */
    String nestedUpdate() {
        return "UPDATE " + child.table() + " SET " + child.trashColumn() + " = :item WHERE " + child.workspaceColumn()
                + " = :ws AND " + child.trashColumn() + " IS NULL AND " + child.idColumn() + " IN (" + descendants() + ")";
    }

    /**
     * {@return {@code <table> t JOIN (<descendants>) d ON …}: a nested level's rows (alias {@code
     *     t}, which the recursion's own aliases do not reuse) joined to the derived table of {@link
     *     #descendants()}, up to the {@code WHERE} of {@link #activeInWorkspace()} ({@code hint}
     *     goes before the table, e.g. an optimizer hint, or "")}
     */
    String joinedDescendants(String hint) {
        return hint + child.table() + " t JOIN (" + descendants() + ") d ON t." + child.idColumn() + " = d.node_id";
    }

    /** {@return the condition on a nested level's row (alias {@code t}) that it is of the workspace and active} */
    String activeInWorkspace() {
        return "t." + child.workspaceColumn() + " = :ws AND t." + child.trashColumn() + " IS NULL";
    }

    /**
     * Binds the parameters of {@link #matching}, {@link #update}, {@link #joinedUpdate},
     * {@link #markedBytes}, {@link #descendants} and the statements made of them; returns the statement.
     */
    <S extends SqlStatement<S>> S bindMatching(S statement) {
        tree.ifPresent(t -> t.bind(statement));
        // markedBytes and matching leave :item or :pws unused on some levels; only this statement allows it.
        statement.configure(SqlStatements.class, c -> c.setUnusedBindingAllowed(true));
        return statement.bind("item", item).bind("ws", workspace).bind("pws", parentWorkspace);
    }
}
