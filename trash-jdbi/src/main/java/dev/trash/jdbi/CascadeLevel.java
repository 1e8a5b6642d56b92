package dev.trash.jdbi;

import org.jdbi.v3.core.statement.SqlStatement;

/**
 * One cascade level as SQL, for {@link Dialect#markChildren}: the rows to mark are the active rows
 * of the child table in the workspace whose parent row (in the parent's workspace column) carries
 * the item; each dialect picks the statements that mark and measure them. Every statement names
 * the workspace on both tables (SPEC R44). Immutable; thread-safe.
 *
 * @param child the child's table
 * @param parent the parent's table
 * @param item the trash item's id, as bound
 * @param workspace the workspace, as the child's workspace column holds it
 * @param parentWorkspace the workspace, as the parent's workspace column holds it
 */
record CascadeLevel(ResourceTable child, ResourceTable parent, Object item, Object workspace, Object parentWorkspace) {
    /** @return the child row's own size: its size column (behind {@code alias}, e.g. {@code "c."}), or {@code 0} */
    String size(String alias) {
        return child.sizeColumn().map(c -> alias + c).orElse("0");
    }

    private String parentColumn() {
        return child.parentColumn().orElseThrow();
    }

    /**
     * @return the rows to mark after {@code FROM}: {@code <child> WHERE <workspace> AND <trash> IS NULL
     *     AND <parent> IN (SELECT … the parents marked with the item)}, child columns unqualified
     */
    String matching() {
        return child.table() + " WHERE " + child.workspaceColumn() + " = :ws AND " + child.trashColumn()
                + " IS NULL AND " + parentColumn() + " IN (SELECT p." + parent.idColumn() + " FROM " + parent.table()
                + " p WHERE p." + parent.workspaceColumn() + " = :pws AND p." + parent.trashColumn() + " = :item)";
    }

    /** @return the level's {@code UPDATE}, the parents in an {@code IN} subquery (bind with {@link #bindMatching}) */
    String update() {
        String matching = matching();
        String where = matching.substring(matching.indexOf(" WHERE "));
        return "UPDATE " + child.table() + " SET " + child.trashColumn() + " = :item" + where;
    }

    /**
     * @return the level's {@code UPDATE} as a join of the child table (alias {@code c}) with its
     *     parents ({@code p}), for databases that plan a join better than an {@code IN} subquery in
     *     an {@code UPDATE} (bind with {@link #bindMatching})
     */
    String joinedUpdate() {
        return "UPDATE " + child.table() + " c JOIN " + parent.table() + " p ON c." + parentColumn() + " = p."
                + parent.idColumn() + " SET c." + child.trashColumn() + " = :item WHERE c." + child.workspaceColumn()
                + " = :ws AND c." + child.trashColumn() + " IS NULL AND p." + parent.workspaceColumn()
                + " = :pws AND p." + parent.trashColumn() + " = :item";
    }

    /** @return the sum of the sizes of the child rows the item marks in the workspace (bind with {@link #bindMarked}) */
    String markedBytes() {
        return "SELECT COALESCE(SUM(" + size("") + "), 0) FROM " + child.table() + " WHERE " + child.workspaceColumn()
                + " = :ws AND " + child.trashColumn() + " = :item";
    }

    /** Binds the parameters of {@link #matching}, {@link #update} and {@link #joinedUpdate}; returns the statement. */
    <S extends SqlStatement<S>> S bindMatching(S statement) {
        return statement.bind("item", item).bind("ws", workspace).bind("pws", parentWorkspace);
    }

    /** Binds the parameters of {@link #markedBytes}; returns the statement. */
    <S extends SqlStatement<S>> S bindMarked(S statement) {
        return statement.bind("item", item).bind("ws", workspace);
    }
}
