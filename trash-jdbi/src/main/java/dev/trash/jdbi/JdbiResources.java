package dev.trash.jdbi;

import dev.trash.ConflictException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemTree;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TypeLink;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link HostResources} on the host's own tables, described by {@link ResourceTable}s. Every
 * statement names the workspace ({@code <workspace column> = :ws} on each table it reads or
 * changes, subqueries and joins included), so a row of another workspace is never read, marked,
 * cascaded or purged (SPEC R21), and on a database sharded by workspace each statement is a
 * single-shard one (SPEC R44). A child row whose workspace differs from its parent's is therefore
 * never cascaded with that parent: it stays as it is.
 *
 * <p>Each method is a fixed number of SQL statements per type or cascade level (one, except
 * {@code markChildren}: at most three on H2 and two on MariaDB, see the dialects; {@code purge} of
 * a nested type: two on MariaDB and H2; and {@code moveTo}, which on its way to a refusal reads
 * which row is missing), whatever the number of rows and, for a type nested in itself (SPEC R37:
 * its level is one recursive statement), the depth (an {@code IN} list of items is cut into chunks
 * of {@value Sql#MAX_IN}), and runs in the caller's transaction when there is one.
 * An id or workspace that cannot be a value of its column's {@link KeyType} matches no row.
 * Thread-safe.
 */
final class JdbiResources implements HostResources {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Map<String, ResourceTable> tables;

    /** @param tables one per type, already checked by {@link JdbiTrash} */
    JdbiResources(Jdbi jdbi, Dialect dialect, Map<String, ResourceTable> tables) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.tables = Map.copyOf(tables);
    }

    private ResourceTable table(String type) {
        ResourceTable t = tables.get(type);
        if (t == null) {
            // The manager only asks for the types the backend describes: this is a bug of the caller.
            throw new IllegalStateException("no ResourceTable describes resource type '" + type + "'");
        }
        return t;
    }

    /** {@return the child's and the parent's table of a cascade level} */
    private ResourceTable[] level(TypeLink link) {
        ResourceTable child = table(link.childType());
        ResourceTable parent = table(link.parentType());
        if (!child.parentType().equals(Optional.of(parent.typeName()))) {
            throw new IllegalStateException("type '" + child.typeName() + "' is described as a child of "
                    + child.parentType().orElse("(none)") + ", not of '" + parent.typeName() + "'");
        }
        return new ResourceTable[] {child, parent};
    }

    private static String sizeOf(ResourceTable t, String alias) {
        return t.sizeColumn().map(c -> alias + c).orElse("0");
    }

    private Optional<Object> ws(ResourceTable t, WorkspaceId workspace) {
        return key(t.workspaceType(), workspace.value());
    }

    /** {@return the value to bind for {@code id} in a key column of type {@code type} (a UUID as the dialect binds it)} */
    private Optional<Object> key(KeyType type, String id) {
        return type.toSql(id).map(v -> v instanceof UUID u ? dialect.uuid(u) : v);
    }

    private ResourceState state(ResourceTable t, ResultSet rs) throws SQLException {
        String id = rs.getString("r_id");
        String parent = rs.getString("r_parent");
        String slug = rs.getString("r_slug");
        String name = rs.getString("r_name");
        HostResource resource = new HostResource(ResourceRef.of(t.typeName(), id), WorkspaceId.of(rs.getString("r_ws")),
                t.parentType().filter(p -> parent != null).map(p -> ResourceRef.of(p, parent)),
                name == null ? id : name, Optional.ofNullable(slug), rs.getLong("r_size"));
        return new ResourceState(resource, Optional.ofNullable(dialect.uuid(rs, "r_trash")).map(TrashItemId::new));
    }

    private Optional<ResourceState> read(WorkspaceId workspace, ResourceRef ref, String lock) {
        ResourceTable t = table(ref.type());
        Optional<Object> key = key(t.idType(), ref.id());
        Optional<Object> ws = ws(t, workspace);
        if (key.isEmpty() || ws.isEmpty()) {
            return Optional.empty();
        }
        String sql = "SELECT " + t.idColumn() + " AS r_id, " + t.workspaceColumn() + " AS r_ws, "
                + t.parentColumn().orElse("NULL") + " AS r_parent, " + t.nameColumn() + " AS r_name, "
                + t.slugColumn().orElse("NULL") + " AS r_slug, " + sizeOf(t, "") + " AS r_size, "
                + t.trashColumn() + " AS r_trash FROM " + t.table() + " WHERE " + t.workspaceColumn() + " = :ws AND "
                + t.idColumn() + " = :id" + lock;
        return Sql.call(dialect, () -> jdbi.withHandle(h -> h.createQuery(sql)
                .bind("ws", ws.get())
                .bind("id", key.get())
                .map((rs, ctx) -> state(t, rs))
                .findOne()));
    }

    @Override
    public Optional<ResourceState> find(WorkspaceId workspace, ResourceRef ref) {
        return read(workspace, ref, "");
    }

    @Override
    public Optional<ResourceState> findForShare(WorkspaceId workspace, ResourceRef ref) {
        return read(workspace, ref, dialect.shareLock());
    }

    @Override
    public boolean mark(WorkspaceId workspace, ResourceRef ref, TrashItemId item) {
        ResourceTable t = table(ref.type());
        Optional<Object> key = key(t.idType(), ref.id());
        Optional<Object> ws = ws(t, workspace);
        if (key.isEmpty() || ws.isEmpty()) {
            return false;
        }
        return Sql.call(dialect, () -> jdbi.withHandle(h -> h.createUpdate("UPDATE " + t.table() + " SET "
                        + t.trashColumn() + " = :item WHERE " + t.workspaceColumn() + " = :ws AND " + t.idColumn()
                        + " = :id AND " + t.trashColumn() + " IS NULL")
                .bind("item", dialect.uuid(item.value()))
                .bind("ws", ws.get())
                .bind("id", key.get())
                .execute() == 1));
    }

    /**
     * One cascade level through the dialect ({@link Dialect#markChildren}); a nested type's link to
     * itself (SPEC R37) marks every active descendant at every depth with one recursive query
     * ({@link Dialect#markDescendants}), in as many statements as any other level.
     */
    @Override
    public Marked markChildren(WorkspaceId workspace, TypeLink link, ItemTree tree) {
        ResourceTable[] level = level(link);
        ResourceTable c = level[0];
        ResourceTable p = level[1];
        if (c.resourceType().hidden()) {
            return measure(workspace, c.typeName(), tree);
        }
        Optional<Object> ws = ws(c, workspace);
        Optional<Object> parentWs = ws(p, workspace);
        if (ws.isEmpty() || parentWs.isEmpty()) {
            return Marked.NONE;
        }
        Object item = dialect.uuid(tree.item().value());
        CascadeLevel sql;
        if (link.nested()) {
            sql = CascadeLevel.nested(c, item, ws.get());
        } else {
            Optional<TreeRows> rows = treeRows(workspace, List.of(tree)).stream().findFirst();
            Optional<String> parents = rows.flatMap(r -> r.belong(p, "p"));
            if (parents.isEmpty()) {
                return Marked.NONE;
            }
            sql = new CascadeLevel(c, p, item, ws.get(), parentWs.get(), parents.get(), rows);
        }
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect,
                h -> sql.nested() ? dialect.markDescendants(h, sql) : dialect.markChildren(h, sql)));
    }

    /**
     * {@return per root type and chunk of at most {@value Sql#MAX_IN} trees, the {@link TreeRows}
     *     that finds their rows; trees whose root id cannot be a value of its table's id column are
     *     left out (they hold no row)}
     */
    private List<TreeRows> treeRows(WorkspaceId workspace, Collection<ItemTree> trees) {
        Map<String, Map<TrashItemId, Object>> byRootType = new LinkedHashMap<>();
        for (ItemTree tree : trees) {
            ResourceTable root = table(tree.root().type());
            key(root.idType(), tree.root().id()).ifPresent(id -> byRootType
                    .computeIfAbsent(root.typeName(), t -> new LinkedHashMap<>()).put(tree.item(), id));
        }
        List<TreeRows> all = new ArrayList<>();
        byRootType.forEach((rootType, roots) -> {
            List<Map.Entry<TrashItemId, Object>> entries = new ArrayList<>(roots.entrySet());
            for (int from = 0; from < entries.size(); from += Sql.MAX_IN) {
                List<Map.Entry<TrashItemId, Object>> chunk = entries.subList(from, Math.min(entries.size(), from + Sql.MAX_IN));
                all.add(new TreeRows(tables, rootType, chunk.stream().map(e -> (Object) dialect.uuid(e.getKey().value())).toList(),
                        chunk.stream().map(Map.Entry::getValue).toList(), t -> ws(t, workspace)));
            }
        });
        return all;
    }

    /**
     * One {@code UPDATE} of the type's rows of the tree, found from the root down ({@link TreeRows}):
     * called bottom-up, while the parents still carry the item.
     */
    @Override
    public long unmark(WorkspaceId workspace, String type, ItemTree tree) {
        ResourceTable t = table(type);
        Optional<Object> ws = ws(t, workspace);
        Optional<TreeRows> rows = treeRows(workspace, List.of(tree)).stream().findFirst();
        Optional<String> belong = rows.flatMap(r -> r.belong(t, ""));
        boolean hiddenBelow = t.resourceType().hidden() && !tree.root().type().equals(type);
        if (ws.isEmpty() || belong.isEmpty() || hiddenBelow) {
            return 0; // rows hidden with their parent carry no mark of this item (SPEC R42)
        }
        try {
            return jdbi.withHandle(h -> rows.get().bind(h.createUpdate("UPDATE " + t.table() + " SET " + t.trashColumn()
                            + " = NULL WHERE " + t.workspaceColumn() + " = :ws AND " + belong.get()))
                    .bind("ws", ws.get())
                    .execute());
        } catch (JdbiException e) {
            if (Sql.sqlException(e).filter(dialect::isUniqueViolation).isPresent()) {
                throw new SlugTakenException("bringing back the " + type + " rows of trash item " + tree.item()
                        + " would break a unique index of " + t.table() + " (an active row took the slug)", e);
            }
            throw Sql.translate(dialect, e);
        }
    }

    @Override
    public Set<String> slugsInUse(WorkspaceId workspace, String type, Optional<ResourceRef> parent, String base) {
        ResourceTable t = table(type);
        if (t.slugColumn().isEmpty()) {
            return Set.of();
        }
        String slug = t.slugColumn().get();
        Optional<Object> ws = ws(t, workspace);
        Optional<Object> parentKey = parent.flatMap(ref -> key(table(ref.type()).idType(), ref.id()));
        if (ws.isEmpty() || parent.isPresent() && (parentKey.isEmpty() || t.parentColumn().isEmpty())) {
            return Set.of();
        }
        // '!' escapes: a backslash would depend on PostgreSQL's standard_conforming_strings.
        String pattern = base.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "-%";
        String sql = "SELECT " + slug + " FROM " + t.table() + " WHERE " + t.workspaceColumn() + " = :ws AND "
                + t.trashColumn() + " IS NULL" + (parent.isPresent() ? " AND " + t.parentColumn().get() + " = :parent" : "")
                + " AND (" + slug + " = :base OR " + slug + " LIKE :pattern ESCAPE '!')";
        return Sql.call(dialect, () -> jdbi.withHandle(h -> {
            var query = h.createQuery(sql).bind("ws", ws.get()).bind("base", base).bind("pattern", pattern);
            parentKey.ifPresent(k -> query.bind("parent", k));
            return query.mapTo(String.class).collect(Collectors.toCollection(TreeSet::new));
        }));
    }

    @Override
    public void changeSlug(WorkspaceId workspace, ResourceRef ref, String slug) {
        ResourceTable t = table(ref.type());
        if (t.slugColumn().isEmpty()) {
            throw new IllegalStateException("type '" + ref.type() + "' has no slug column; "
                    + "describe one with ResourceTable.slug(…)");
        }
        Optional<Object> key = key(t.idType(), ref.id());
        Optional<Object> ws = ws(t, workspace);
        int changed;
        try {
            changed = key.isEmpty() || ws.isEmpty() ? 0 : jdbi.withHandle(h -> h.createUpdate("UPDATE " + t.table()
                            + " SET " + t.slugColumn().get() + " = :slug WHERE " + t.workspaceColumn() + " = :ws AND "
                            + t.idColumn() + " = :id")
                    .bind("slug", slug)
                    .bind("ws", ws.get())
                    .bind("id", key.get())
                    .execute());
        } catch (JdbiException e) {
            if (Sql.sqlException(e).filter(dialect::isUniqueViolation).isPresent()) {
                throw new ConflictException("slug '" + slug + "' of " + ref + " is taken; choose another slug", e);
            }
            throw Sql.translate(dialect, e);
        }
        if (changed == 0) {
            throw new NotFoundException(ref + " does not exist");
        }
    }

    /**
     * One join of the children with their marked parents. For a nested type it needs no recursion:
     * every row a delete cascaded to carries the item, so a sub-folder trashed on its own is found
     * by its parent's mark at any depth; the items nested in that one are the next call's (core
     * asks again with the items it found).
     */
    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(WorkspaceId workspace, TypeLink link, Collection<ItemTree> trees) {
        if (trees.isEmpty()) {
            return Map.of();
        }
        ResourceTable[] level = level(link);
        ResourceTable c = level[0];
        ResourceTable p = level[1];
        Optional<Object> ws = ws(c, workspace);
        Optional<Object> parentWs = ws(p, workspace);
        if (ws.isEmpty() || parentWs.isEmpty()) {
            return Map.of();
        }
        String select = "SELECT DISTINCT c." + c.trashColumn() + " AS child_item, p." + p.trashColumn()
                + " AS parent_item FROM " + c.table() + " c JOIN " + p.table() + " p ON c."
                + c.parentColumn().orElseThrow() + " = p." + p.idColumn() + " WHERE c." + c.workspaceColumn()
                + " = :ws AND p." + p.workspaceColumn() + " = :pws AND ";
        String own = " AND c." + c.trashColumn() + " IS NOT NULL AND c." + c.trashColumn() + " <> p." + p.trashColumn();
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            Map<TrashItemId, TrashItemId> nested = new LinkedHashMap<>();
            for (TreeRows rows : treeRows(workspace, trees)) {
                Optional<String> parents = rows.belong(p, "p");
                if (parents.isEmpty()) {
                    continue;
                }
                rows.bind(h.createQuery(select + parents.get() + own)).bind("ws", ws.get()).bind("pws", parentWs.get())
                        .map((rs, ctx) -> Map.entry(new TrashItemId(dialect.uuid(rs, "child_item")),
                                new TrashItemId(dialect.uuid(rs, "parent_item"))))
                        .forEach(e -> nested.put(e.getKey(), e.getValue()));
            }
            return nested;
        }));
    }

    /**
     * One {@code DELETE} of the type's rows marked with the items (per chunk of items). For a nested
     * type (SPEC R37) the rows are parents and children of each other: where the database checks the
     * foreign key row by row ({@link Dialect#checksForeignKeysPerRow()}: MariaDB/MySQL, H2), or where
     * the items take more than one chunk (then one {@code DELETE} could take a parent whose child is
     * in the next), an {@code UPDATE} first sets the parent column of exactly those rows to
     * {@code NULL}: two statements whatever the rows and the depth. The foreign key stays checked: a
     * row outside the deleted set (an active child under a purged row) still references its parent,
     * and the {@code DELETE} fails on it, rolling back the whole purge, as for any other type.
     */
    @Override
    public long purge(WorkspaceId workspace, String type, Collection<ItemTree> trees) {
        if (trees.isEmpty()) {
            return 0;
        }
        ResourceTable t = table(type);
        Optional<Object> ws = ws(t, workspace);
        if (ws.isEmpty()) {
            return 0;
        }
        if (!t.resourceType().nested()) {
            return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
                long deleted = 0;
                for (TreeRows rows : treeRows(workspace, trees)) {
                    Optional<String> belong = rows.belong(t, "");
                    if (belong.isPresent()) {
                        deleted += rows.bind(h.createUpdate("DELETE FROM " + t.table() + " WHERE " + t.workspaceColumn()
                                + " = :ws AND " + belong.get())).bind("ws", ws.get()).execute();
                    }
                }
                return deleted;
            }));
        }
        // A nested type's rows of the trees carry their items: found by the trash column's index.
        List<List<UUID>> chunks = Sql.chunks(trees.stream().map(tree -> tree.item().value()).distinct().toList());
        boolean detach = dialect.checksForeignKeysPerRow() || chunks.size() > 1;
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            if (detach) {
                for (List<UUID> chunk : chunks) {
                    h.createUpdate("UPDATE " + t.table() + " SET " + t.parentColumn().orElseThrow() + " = NULL WHERE "
                                    + t.workspaceColumn() + " = :ws AND " + t.trashColumn() + " IN (<items>) AND "
                                    + t.parentColumn().orElseThrow() + " IS NOT NULL")
                            .bind("ws", ws.get())
                            .bindList("items", dialect.uuids(chunk))
                            .execute();
                }
            }
            long deleted = 0;
            for (List<UUID> chunk : chunks) {
                deleted += h.createUpdate("DELETE FROM " + t.table() + " WHERE " + t.workspaceColumn() + " = :ws AND "
                                + t.trashColumn() + " IN (<items>)")
                        .bind("ws", ws.get())
                        .bindList("items", dialect.uuids(chunk))
                        .execute();
            }
            return deleted;
        }));
    }

    /**
     * One aggregate query: the count of the rows of the type in the tree (marked with the item, or
     * hidden under it, SPEC R42) and the sum of their sizes (0 without a size column).
     */
    @Override
    public Marked measure(WorkspaceId workspace, String type, ItemTree tree) {
        ResourceTable t = table(type);
        Optional<Object> ws = ws(t, workspace);
        Optional<TreeRows> rows = treeRows(workspace, List.of(tree)).stream().findFirst();
        Optional<String> belong = rows.flatMap(r -> r.belong(t, ""));
        if (ws.isEmpty() || belong.isEmpty()) {
            return Marked.NONE;
        }
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> rows.get().bind(h.createQuery(
                        "SELECT COUNT(*) AS n, COALESCE(SUM(" + sizeOf(t, "") + "), 0) AS b FROM " + t.table() + " WHERE "
                        + t.workspaceColumn() + " = :ws AND " + belong.get()))
                .bind("ws", ws.get())
                .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                .one()));
    }

    /**
     * One {@code UPDATE} of the row's parent column, in the workspace, on the condition that the new
     * parent exists in the workspace too (a subquery on the parent's table that names the workspace;
     * on MariaDB, for a nested type, a join of the table with itself, {@link Dialect#moveUnder}): a
     * row is never moved under another workspace's parent (SPEC R21, R44).
     *
     * @throws InvalidArgumentException if {@code parent} is not of the type's parent type
     * @throws NotFoundException if the resource or the new parent does not exist in the workspace
     */
    @Override
    public void moveTo(WorkspaceId workspace, ResourceRef ref, ResourceRef parent) {
        ResourceTable t = table(ref.type());
        if (t.parentColumn().isEmpty() || !t.parentType().equals(Optional.of(parent.type()))) {
            throw new InvalidArgumentException("a " + ref.type() + " cannot be moved under " + parent + ": its parent type is "
                    + t.parentType().orElse("none"));
        }
        ResourceTable p = table(parent.type());
        Optional<Object> key = key(t.idType(), ref.id());
        Optional<Object> parentKey = key(p.idType(), parent.id());
        Optional<Object> ws = ws(t, workspace);
        Optional<Object> parentWs = ws(p, workspace);
        int changed = key.isEmpty() || parentKey.isEmpty() || ws.isEmpty() || parentWs.isEmpty() ? 0
                : Sql.call(dialect, () -> jdbi.withHandle(h -> h.createUpdate(dialect.moveUnder(t, p))
                        .bind("parent", parentKey.get())
                        .bind("ws", ws.get())
                        .bind("id", key.get())
                        .bind("pws", parentWs.get())
                        .execute()));
        if (changed == 0) {
            // Only on the way to the error: which of the two is missing.
            throw new NotFoundException((find(workspace, ref).isEmpty() ? ref : parent) + " does not exist in workspace "
                    + workspace);
        }
    }

    @Override
    public List<ResourceRef> marked(WorkspaceId workspace, String type, ItemTree tree) {
        ResourceTable t = table(type);
        Optional<Object> ws = ws(t, workspace);
        Optional<TreeRows> rows = treeRows(workspace, List.of(tree)).stream().findFirst();
        Optional<String> belong = rows.flatMap(r -> r.belong(t, ""));
        if (ws.isEmpty() || belong.isEmpty()) {
            return List.of();
        }
        return Sql.call(dialect, () -> jdbi.withHandle(h -> rows.get().bind(h.createQuery("SELECT " + t.idColumn()
                        + " FROM " + t.table() + " WHERE " + t.workspaceColumn() + " = :ws AND " + belong.get()
                        + " ORDER BY " + t.idColumn()))
                .bind("ws", ws.get())
                .map((rs, ctx) -> ResourceRef.of(type, rs.getString(1)))
                .list()));
    }

}
