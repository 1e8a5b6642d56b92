package dev.trash.jdbi;

import dev.trash.ConflictException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TypeLink;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * {@link HostResources} on the host's own tables, described by {@link ResourceTable}s. Each method
 * is a fixed number of SQL statements per type or cascade level (one, except {@code markChildren}
 * on H2: three), whatever the number of rows (an {@code IN} list of items is cut into chunks of
 * {@value Sql#MAX_IN}), and runs in the caller's transaction when there is one. Thread-safe.
 */
final class JdbiResources implements HostResources {
    private final Jdbi jdbi;
    private final Database database;
    private final Map<String, ResourceTable> tables;

    JdbiResources(Jdbi jdbi, Database database, Collection<ResourceTable> tables) {
        this.jdbi = jdbi;
        this.database = database;
        Map<String, ResourceTable> byType = new LinkedHashMap<>();
        for (ResourceTable t : tables) {
            if (t == null) {
                throw new InvalidArgumentException("tables must not contain null");
            }
            if (byType.put(t.type(), t) != null) {
                throw new InvalidArgumentException("type '" + t.type() + "' has two tables; give each type one");
            }
        }
        if (byType.isEmpty()) {
            throw new InvalidArgumentException("tables must not be empty: describe the table of every resource type");
        }
        for (ResourceTable t : byType.values()) {
            t.parentType().ifPresent(p -> {
                if (!byType.containsKey(p)) {
                    throw new InvalidArgumentException("type '" + t.type() + "' is a child of '" + p
                            + "', which has no table; add ResourceTable.of(\"" + p + "\", …)");
                }
            });
        }
        this.tables = Map.copyOf(byType);
    }

    private ResourceTable table(String type) {
        ResourceTable t = tables.get(type);
        if (t == null) {
            throw new IllegalStateException("no table is configured for resource type '" + type
                    + "'; add ResourceTable.of(\"" + type + "\", …) to JdbiTrash.resources(…)");
        }
        return t;
    }

    /** @return the tables of a cascade level, checked against the configured parent */
    private ResourceTable[] level(TypeLink link) {
        ResourceTable child = table(link.childType());
        ResourceTable parent = table(link.parentType());
        if (!child.parentType().equals(Optional.of(parent.type()))) {
            throw new IllegalStateException("the table of '" + child.type() + "' names parent "
                    + child.parentType().orElse("(none)") + ", but the manager links it to '" + parent.type()
                    + "'; declare the same parent in ResourceTable.childOf and ResourceType.childOf");
        }
        return new ResourceTable[] {child, parent};
    }

    private static String sizeOf(ResourceTable t, String alias) {
        return t.sizeColumn().map(c -> alias + c).orElse("0");
    }

    private String selectState(ResourceTable t) {
        return "SELECT " + t.idColumn() + " AS r_id, " + t.workspaceColumn() + " AS r_ws, "
                + t.parentColumn().orElse("NULL") + " AS r_parent, " + t.nameColumn() + " AS r_name, "
                + t.slugColumn().orElse("NULL") + " AS r_slug, " + sizeOf(t, "") + " AS r_size, "
                + t.trashColumn() + " AS r_trash FROM " + t.table() + " WHERE " + t.idColumn() + " = :id";
    }

    private static ResourceState state(ResourceTable t, ResultSet rs) throws SQLException {
        String id = rs.getString("r_id");
        String parent = rs.getString("r_parent");
        String slug = rs.getString("r_slug");
        String name = rs.getString("r_name");
        HostResource resource = new HostResource(ResourceRef.of(t.type(), id), WorkspaceId.of(rs.getString("r_ws")),
                t.parentType().filter(p -> parent != null).map(p -> ResourceRef.of(p, parent)),
                name == null ? id : name, Optional.ofNullable(slug), rs.getLong("r_size"));
        return new ResourceState(resource, Optional.ofNullable(rs.getObject("r_trash", UUID.class)).map(TrashItemId::new));
    }

    private Optional<ResourceState> read(ResourceRef ref, String lock) {
        ResourceTable t = table(ref.type());
        Optional<Object> key = t.idType().toSql(ref.id());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Sql.call(() -> jdbi.withHandle(h -> h.createQuery(selectState(t) + lock)
                .bind("id", key.get())
                .map((rs, ctx) -> state(t, rs))
                .findOne()));
    }

    @Override
    public Optional<ResourceState> find(ResourceRef ref) {
        return read(ref, "");
    }

    /** PostgreSQL: {@code FOR SHARE}; H2 has no shared row lock, so {@code FOR UPDATE}. */
    @Override
    public Optional<ResourceState> findForShare(ResourceRef ref) {
        return read(ref, database == Database.POSTGRESQL ? " FOR SHARE" : " FOR UPDATE");
    }

    @Override
    public boolean mark(ResourceRef ref, TrashItemId item) {
        ResourceTable t = table(ref.type());
        Optional<Object> key = t.idType().toSql(ref.id());
        if (key.isEmpty()) {
            return false;
        }
        return Sql.call(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE " + t.table() + " SET " + t.trashColumn()
                        + " = :item WHERE " + t.idColumn() + " = :id AND " + t.trashColumn() + " IS NULL")
                .bind("item", item.value())
                .bind("id", key.get())
                .execute() == 1));
    }

    @Override
    public Marked markChildren(TypeLink link, TrashItemId item) {
        ResourceTable[] level = level(link);
        ResourceTable c = level[0];
        ResourceTable p = level[1];
        String update = "UPDATE " + c.table() + " SET " + c.trashColumn() + " = :item WHERE " + c.trashColumn()
                + " IS NULL AND " + c.parentColumn().orElseThrow() + " IN (SELECT " + p.idColumn() + " FROM "
                + p.table() + " WHERE " + p.trashColumn() + " = :item)";
        if (database == Database.POSTGRESQL) {
            String sql = "WITH m AS (" + update + " RETURNING " + sizeOf(c, "") + " AS s) SELECT COUNT(*) AS n, "
                    + "COALESCE(SUM(s), 0) AS b FROM m";
            return Sql.call(() -> jdbi.withHandle(h -> h.createQuery(sql)
                    .bind("item", item.value())
                    .map((rs, ctx) -> new Marked(rs.getLong("n"), rs.getLong("b")))
                    .one()));
        }
        // H2: no UPDATE inside FINAL TABLE (…): there, H2 2.5 can overwrite a mark another transaction
        // committed between the statement's snapshot and its row lock. So: the item's bytes on this level
        // before, the UPDATE (its count is exact), and the bytes after; the difference is what it marked.
        String sum = "SELECT COALESCE(SUM(" + sizeOf(c, "") + "), 0) FROM " + c.table() + " WHERE " + c.trashColumn()
                + " = :item";
        return Sql.call(() -> jdbi.inTransaction(h -> {
            long before = h.createQuery(sum).bind("item", item.value()).mapTo(Long.class).one();
            int count = h.createUpdate(update).bind("item", item.value()).execute();
            if (count == 0) {
                return Marked.NONE;
            }
            long after = h.createQuery(sum).bind("item", item.value()).mapTo(Long.class).one();
            return new Marked(count, after - before);
        }));
    }

    @Override
    public long unmark(String type, TrashItemId item) {
        ResourceTable t = table(type);
        try {
            return jdbi.withHandle(h -> h.createUpdate("UPDATE " + t.table() + " SET " + t.trashColumn()
                            + " = NULL WHERE " + t.trashColumn() + " = :item")
                    .bind("item", item.value())
                    .execute());
        } catch (JdbiException e) {
            if (Sql.sqlState(e).filter(Sql.UNIQUE_VIOLATION::equals).isPresent()) {
                throw new SlugTakenException("bringing back the " + type + " rows of trash item " + item
                        + " would break a unique index of " + t.table() + " (an active row took the slug)", e);
            }
            throw Sql.translate(e);
        }
    }

    @Override
    public Set<String> slugsInUse(String type, WorkspaceId workspace, Optional<ResourceRef> parent, String base) {
        ResourceTable t = table(type);
        if (t.slugColumn().isEmpty()) {
            return Set.of();
        }
        String slug = t.slugColumn().get();
        Optional<Object> ws = t.workspaceType().toSql(workspace.value());
        Optional<Object> parentKey = parent.flatMap(ref -> table(ref.type()).idType().toSql(ref.id()));
        if (ws.isEmpty() || parent.isPresent() && (parentKey.isEmpty() || t.parentColumn().isEmpty())) {
            return Set.of();
        }
        // '!' escapes: a backslash would depend on PostgreSQL's standard_conforming_strings.
        String pattern = base.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "-%";
        String sql = "SELECT " + slug + " FROM " + t.table() + " WHERE " + t.trashColumn() + " IS NULL AND "
                + t.workspaceColumn() + " = :ws" + (parent.isPresent() ? " AND " + t.parentColumn().get() + " = :parent" : "")
                + " AND (" + slug + " = :base OR " + slug + " LIKE :pattern ESCAPE '!')";
        return Sql.call(() -> jdbi.withHandle(h -> {
            var query = h.createQuery(sql).bind("ws", ws.get()).bind("base", base).bind("pattern", pattern);
            parentKey.ifPresent(k -> query.bind("parent", k));
            return query.mapTo(String.class).collect(Collectors.toCollection(TreeSet::new));
        }));
    }

    @Override
    public void changeSlug(ResourceRef ref, String slug) {
        ResourceTable t = table(ref.type());
        if (t.slugColumn().isEmpty()) {
            throw new IllegalStateException("the table of '" + ref.type() + "' has no slug column; "
                    + "add one with ResourceTable.slug(…)");
        }
        Optional<Object> key = t.idType().toSql(ref.id());
        int changed;
        try {
            changed = key.isEmpty() ? 0 : jdbi.withHandle(h -> h.createUpdate("UPDATE " + t.table() + " SET "
                            + t.slugColumn().get() + " = :slug WHERE " + t.idColumn() + " = :id")
                    .bind("slug", slug)
                    .bind("id", key.get())
                    .execute());
        } catch (JdbiException e) {
            if (Sql.sqlState(e).filter(Sql.UNIQUE_VIOLATION::equals).isPresent()) {
                throw new ConflictException("slug '" + slug + "' of " + ref + " is taken; choose another slug", e);
            }
            throw Sql.translate(e);
        }
        if (changed == 0) {
            throw new NotFoundException(ref + " does not exist");
        }
    }

    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(TypeLink link, Collection<TrashItemId> items) {
        if (items.isEmpty()) {
            return Map.of();
        }
        ResourceTable[] level = level(link);
        ResourceTable c = level[0];
        ResourceTable p = level[1];
        String sql = "SELECT DISTINCT c." + c.trashColumn() + " AS child_item, p." + p.trashColumn()
                + " AS parent_item FROM " + c.table() + " c JOIN " + p.table() + " p ON c."
                + c.parentColumn().orElseThrow() + " = p." + p.idColumn() + " WHERE p." + p.trashColumn()
                + " IN (<items>) AND c." + c.trashColumn() + " IS NOT NULL AND c." + c.trashColumn() + " <> p."
                + p.trashColumn();
        return Sql.call(() -> jdbi.inTransaction(h -> {
            Map<TrashItemId, TrashItemId> nested = new LinkedHashMap<>();
            for (List<UUID> chunk : Sql.chunks(ids(items))) {
                h.createQuery(sql).bindList("items", chunk)
                        .map((rs, ctx) -> Map.entry(new TrashItemId(rs.getObject("child_item", UUID.class)),
                                new TrashItemId(rs.getObject("parent_item", UUID.class))))
                        .forEach(e -> nested.put(e.getKey(), e.getValue()));
            }
            return nested;
        }));
    }

    @Override
    public long purge(String type, Collection<TrashItemId> items) {
        if (items.isEmpty()) {
            return 0;
        }
        ResourceTable t = table(type);
        return Sql.call(() -> jdbi.inTransaction(h -> {
            long deleted = 0;
            for (List<UUID> chunk : Sql.chunks(ids(items))) {
                deleted += h.createUpdate("DELETE FROM " + t.table() + " WHERE " + t.trashColumn() + " IN (<items>)")
                        .bindList("items", chunk)
                        .execute();
            }
            return deleted;
        }));
    }

    @Override
    public List<ResourceRef> marked(String type, TrashItemId item) {
        ResourceTable t = table(type);
        return Sql.call(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + t.idColumn() + " FROM " + t.table()
                        + " WHERE " + t.trashColumn() + " = :item ORDER BY " + t.idColumn())
                .bind("item", item.value())
                .map((rs, ctx) -> ResourceRef.of(type, rs.getString(1)))
                .list()));
    }

    private static List<UUID> ids(Collection<TrashItemId> items) {
        return items.stream().map(TrashItemId::value).toList();
    }
}
