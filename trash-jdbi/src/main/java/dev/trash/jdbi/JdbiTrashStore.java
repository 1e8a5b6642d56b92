package dev.trash.jdbi;

import dev.trash.ActorId;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Claim;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The {@link TrashStore} on the {@code trash_item} table (see the schema scripts). Every write runs
 * in the caller's transaction when there is one (Jdbi's per-thread handle), else in its own. The
 * race arbiters are single conditional statements, or a {@code SELECT … FOR UPDATE} followed by an
 * {@code UPDATE} of exactly the rows it locked; the sweeper's claim skips rows other workers hold
 * ({@code FOR UPDATE SKIP LOCKED}). Thread-safe.
 */
final class JdbiTrashStore implements TrashStore {
    /** The longest error message kept for a failed purge (the column's width). */
    private static final int MAX_ERROR = 2_000;
    private static final String LISTED = "purge_owner IS NULL AND expires_at > :now";

    private final Jdbi jdbi;
    /**
     * What ends the locking reads of the claims. PostgreSQL locks only the rows a {@code LIMIT}
     * returns, in the {@code ORDER BY}'s order. H2 2.x, given an {@code ORDER BY}, locks every row
     * that matches before sorting (so one sweeper would hold the whole backlog); without one it locks
     * the rows as it reads them, in index order, up to the limit.
     */
    private final String dueOrder;
    private final String workspaceOrder;

    JdbiTrashStore(Jdbi jdbi, Database database) {
        this.jdbi = jdbi;
        boolean postgres = database == Database.POSTGRESQL;
        this.dueOrder = postgres ? " ORDER BY due_at" : "";
        this.workspaceOrder = postgres ? " ORDER BY id" : "";
    }

    /** The simple reads, as a SQL object; {@link JdbiTrash} registers the row mapper of {@link TrashRecord}. */
    interface Reads {
        @SqlQuery("SELECT * FROM trash_item WHERE id = :id AND workspace = :ws")
        Optional<TrashRecord> find(@Bind("ws") String workspace, @Bind("id") UUID id);

        @SqlQuery("SELECT * FROM trash_item WHERE workspace = :ws AND " + LISTED
                + " ORDER BY size_bytes DESC, deleted_at DESC, id DESC LIMIT :limit")
        List<TrashRecord> largest(@Bind("ws") String workspace, @Bind("now") Argument now, @Bind("limit") int limit);
    }

    /** @return the record in the current row of a {@code SELECT * FROM trash_item} */
    static TrashRecord record(ResultSet rs) throws SQLException {
        String parentType = rs.getString("parent_type");
        Optional<ParentInfo> parent = parentType == null ? Optional.empty()
                : Optional.of(new ParentInfo(ResourceRef.of(parentType, rs.getString("parent_id")),
                rs.getString("parent_name")));
        String owner = rs.getString("purge_owner");
        Optional<PurgeState> purge = owner == null ? Optional.empty()
                : Optional.of(new PurgeState(owner, Sql.instant(rs, "available_at"), rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("last_error"))));
        return new TrashRecord(new TrashItemId(rs.getObject("id", UUID.class)), WorkspaceId.of(rs.getString("workspace")),
                ResourceRef.of(rs.getString("root_type"), rs.getString("root_id")), rs.getString("name"),
                Optional.ofNullable(rs.getString("slug")), parent, Sql.instant(rs, "deleted_at"),
                ActorId.of(rs.getString("deleted_by")), Sql.instant(rs, "expires_at"), rs.getLong("size_bytes"),
                rs.getLong("cascaded_count"), purge);
    }

    @Override
    public void insert(TrashRecord r) {
        Sql.call(() -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,
                            parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,
                            available_at, attempts, last_error, due_at)
                        VALUES (:id, :ws, :rootType, :rootId, :name, :slug, :parentType, :parentId, :parentName,
                            :deletedAt, :deletedBy, :expiresAt, :size, :count, :owner, :availableAt, :attempts,
                            :error, :due)""")
                .bind("id", r.id().value())
                .bind("ws", r.workspace().value())
                .bind("rootType", r.root().type())
                .bind("rootId", r.root().id())
                .bind("name", r.name())
                .bind("slug", r.slug().orElse(null))
                .bind("parentType", r.parent().map(p -> p.ref().type()).orElse(null))
                .bind("parentId", r.parent().map(p -> p.ref().id()).orElse(null))
                .bind("parentName", r.parent().map(ParentInfo::name).orElse(null))
                .bind("deletedAt", Sql.at(r.deletedAt()))
                .bind("deletedBy", r.deletedBy().value())
                .bind("expiresAt", Sql.at(r.expiresAt()))
                .bind("size", r.sizeBytes())
                .bind("count", r.cascadedCount())
                .bind("owner", r.purge().map(PurgeState::owner).orElse(null))
                .bind("availableAt", r.purge().map(p -> Sql.at(p.availableAt())).orElse(nullTime()))
                .bind("attempts", r.purge().map(PurgeState::attempts).orElse(0))
                .bind("error", r.purge().flatMap(PurgeState::lastError).map(JdbiTrashStore::clip).orElse(null))
                .bind("due", Sql.at(r.purge().map(PurgeState::availableAt).orElse(r.expiresAt())))
                .execute()));
    }

    private static Argument nullTime() {
        return (position, statement, ctx) -> statement.setNull(position, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static String clip(String error) {
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }

    @Override
    public Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id) {
        return Sql.call(() -> jdbi.withExtension(Reads.class, reads -> reads.find(workspace.value(), id.value())));
    }

    @Override
    public List<TrashRecord> list(WorkspaceId workspace, ListRequest request) {
        boolean newest = request.order() == SortOrder.NEWEST_FIRST;
        StringBuilder sql = new StringBuilder("SELECT * FROM trash_item WHERE workspace = :ws");
        if (request.types().size() == 1) {
            sql.append(" AND root_type = :type");
        } else if (!request.types().isEmpty()) {
            sql.append(" AND root_type IN (<types>)");
        }
        sql.append(" AND ").append(LISTED);
        request.after().ifPresent(k -> sql.append(newest ? " AND (deleted_at, id) < (:at, :id)" : " AND (deleted_at, id) > (:at, :id)"));
        String direction = newest ? " DESC" : " ASC";
        sql.append(" ORDER BY deleted_at").append(direction).append(", id").append(direction).append(" LIMIT :limit");
        return Sql.call(() -> jdbi.withHandle(h -> {
            var query = h.createQuery(sql.toString())
                    .bind("ws", workspace.value())
                    .bind("now", Sql.at(request.now()))
                    .bind("limit", request.limit());
            if (request.types().size() == 1) {
                query.bind("type", request.types().iterator().next());
            } else if (!request.types().isEmpty()) {
                query.bindList("types", List.copyOf(request.types()));
            }
            if (request.after().isPresent()) {
                Keyset k = request.after().get();
                query.bind("at", Sql.at(k.deletedAt())).bind("id", k.id().value());
            }
            return query.map((rs, ctx) -> record(rs)).list();
        }));
    }

    @Override
    public boolean removeRestorable(WorkspaceId workspace, TrashItemId id, Instant now) {
        return Sql.call(() -> jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM trash_item WHERE id = :id AND workspace = :ws AND " + LISTED)
                .bind("id", id.value())
                .bind("ws", workspace.value())
                .bind("now", Sql.at(now))
                .execute() == 1));
    }

    @Override
    public List<TrashRecord> claimDue(Claim claim, int limit) {
        return Sql.call(() -> jdbi.inTransaction(h -> {
            List<TrashRecord> due = h.createQuery("SELECT * FROM trash_item WHERE due_at <= :now"
                            + dueOrder + " LIMIT :limit FOR UPDATE SKIP LOCKED")
                    .bind("now", Sql.at(claim.now()))
                    .bind("limit", limit)
                    .map((rs, ctx) -> record(rs))
                    .list();
            return take(h, due, claim);
        }));
    }

    @Override
    public List<TrashRecord> claim(Collection<TrashItemId> ids, Claim claim) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Sql.call(() -> jdbi.inTransaction(h -> {
            List<TrashRecord> claimed = new ArrayList<>();
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                List<TrashRecord> free = h.createQuery("SELECT * FROM trash_item WHERE id IN (<ids>)"
                                + " AND (purge_owner IS NULL OR available_at <= :now) ORDER BY id FOR UPDATE")
                        .bindList("ids", chunk)
                        .bind("now", Sql.at(claim.now()))
                        .map((rs, ctx) -> record(rs))
                        .list();
                claimed.addAll(take(h, free, claim));
            }
            return claimed;
        }));
    }

    @Override
    public List<TrashRecord> claimWorkspace(WorkspaceId workspace, Claim claim, int limit) {
        return Sql.call(() -> jdbi.inTransaction(h -> {
            while (true) {
                List<TrashRecord> inTrash = h.createQuery("SELECT * FROM trash_item WHERE workspace = :ws"
                                + " AND purge_owner IS NULL" + workspaceOrder + " LIMIT :limit FOR UPDATE")
                        .bind("ws", workspace.value())
                        .bind("limit", limit)
                        .map((rs, ctx) -> record(rs))
                        .list();
                if (!inTrash.isEmpty()) {
                    return take(h, inTrash, claim);
                }
                // Rows locked by a concurrent operation and changed by it drop out of a locking read
                // (PostgreSQL re-checks the condition after the wait, after the LIMIT);
                // an empty page is the end only if no item is left in the Trash.
                boolean more = h.createQuery("SELECT 1 FROM trash_item WHERE workspace = :ws"
                                + " AND purge_owner IS NULL LIMIT 1")
                        .bind("ws", workspace.value())
                        .mapTo(Integer.class)
                        .findOne()
                        .isPresent();
                if (!more) {
                    return List.of();
                }
            }
        }));
    }

    /** Gives the locked {@code rows} to {@code claim}'s owner until its lease ends. */
    private static List<TrashRecord> take(Handle h, List<TrashRecord> rows, Claim claim) {
        if (rows.isEmpty()) {
            return List.of();
        }
        for (List<UUID> chunk : Sql.chunks(rows.stream().map(r -> r.id().value()).toList())) {
            h.createUpdate("UPDATE trash_item SET purge_owner = :owner, available_at = :lease, due_at = :lease"
                            + " WHERE id IN (<ids>)")
                    .bind("owner", claim.owner())
                    .bind("lease", Sql.at(claim.leaseUntil()))
                    .bindList("ids", chunk)
                    .execute();
        }
        List<TrashRecord> claimed = new ArrayList<>(rows.size());
        for (TrashRecord r : rows) {
            claimed.add(r.withPurge(Optional.of(new PurgeState(claim.owner(), claim.leaseUntil(),
                    r.purge().map(PurgeState::attempts).orElse(0), r.purge().flatMap(PurgeState::lastError)))));
        }
        return claimed;
    }

    @Override
    public void release(Collection<TrashItemId> ids, String owner, Instant availableAt, Optional<String> failure) {
        if (ids.isEmpty()) {
            return;
        }
        String failed = failure.isPresent() ? ", attempts = attempts + 1, last_error = :error" : "";
        Sql.call(() -> jdbi.inTransaction(h -> {
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                var update = h.createUpdate("UPDATE trash_item SET available_at = :at, due_at = :at" + failed
                                + " WHERE id IN (<ids>) AND purge_owner = :owner")
                        .bind("at", Sql.at(availableAt))
                        .bind("owner", owner)
                        .bindList("ids", chunk);
                failure.ifPresent(error -> update.bind("error", clip(error)));
                update.execute();
            }
            return null;
        }));
    }

    @Override
    public Set<TrashItemId> removeClaimed(Collection<TrashItemId> ids, String owner) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Sql.call(() -> jdbi.inTransaction(h -> {
            Set<TrashItemId> removed = new HashSet<>();
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                List<UUID> owned = h.createQuery("SELECT id FROM trash_item WHERE id IN (<ids>)"
                                + " AND purge_owner = :owner ORDER BY id FOR UPDATE")
                        .bindList("ids", chunk)
                        .bind("owner", owner)
                        .mapTo(UUID.class)
                        .list();
                if (!owned.isEmpty()) {
                    h.createUpdate("DELETE FROM trash_item WHERE id IN (<ids>)").bindList("ids", owned).execute();
                    owned.forEach(id -> removed.add(new TrashItemId(id)));
                }
            }
            return removed;
        }));
    }

    @Override
    public StorageSummary summarize(WorkspaceId workspace, Instant now) {
        return Sql.call(() -> jdbi.withHandle(h -> {
            record Row(String type, boolean listed, long items, long bytes) {
            }
            List<Row> rows = h.createQuery("""
                            SELECT root_type, listed, COUNT(*) AS items, COALESCE(SUM(size_bytes), 0) AS bytes
                            FROM (SELECT root_type, size_bytes,
                                         CASE WHEN purge_owner IS NULL AND expires_at > :now THEN 1 ELSE 0 END AS listed
                                  FROM trash_item WHERE workspace = :ws) t
                            GROUP BY root_type, listed""")
                    .bind("ws", workspace.value())
                    .bind("now", Sql.at(now))
                    .map((rs, ctx) -> new Row(rs.getString("root_type"), rs.getInt("listed") == 1, rs.getLong("items"),
                            rs.getLong("bytes")))
                    .list();
            long[] totals = new long[4];
            Map<String, TypeUsage> byType = new HashMap<>();
            for (Row row : rows) {
                if (row.listed()) {
                    totals[0] += row.items();
                    totals[1] += row.bytes();
                    byType.put(row.type(), new TypeUsage(row.items(), row.bytes()));
                } else {
                    totals[2] += row.items();
                    totals[3] += row.bytes();
                }
            }
            return new StorageSummary(workspace, totals[0], totals[1], byType, totals[2], totals[3]);
        }));
    }

    @Override
    public List<TrashRecord> largest(WorkspaceId workspace, Instant now, int limit) {
        return Sql.call(() -> jdbi.withExtension(Reads.class,
                reads -> reads.largest(workspace.value(), Sql.at(now), limit)));
    }
}
