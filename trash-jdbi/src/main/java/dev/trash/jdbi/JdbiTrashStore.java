package dev.trash.jdbi;

import dev.trash.ActorId;
import dev.trash.Hold;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItemId;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.ItemTotals;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * The {@link TrashStore} on the {@code trash_item} table (see the schema scripts). It decides
 * nothing about purge states: it renders core's {@link Condition}s and {@link PurgeChange}s as SQL
 * ({@link SqlCondition}); a hold is three more columns ({@code held_at}, {@code held_by},
 * {@code hold_reason}, schema version 3), of which the conditions test {@code held_at}
 * ({@link dev.trash.spi.ItemField#HELD_AT}) like any other field; an expiry warning is
 * {@code warned_at} (schema version 4, SPEC R39). Each row also carries {@code name_key}, the name as
 * the listing sorts and searches it ({@link SqlCondition#nameKey}: lower-cased by Java, as core
 * lower-cases names, so that neither the database's locale nor its {@code LOWER} matters, SPEC R38),
 * written with the row and never read back. Every
 * statement names the workspace ({@code workspace = :ws}), except the
 * one that lists the workspaces with due items ({@link #workspaces}) and the metrics' count
 * ({@link #totals}), which lock nothing; on a
 * database sharded by workspace each of them is a single-shard query (SPEC R44).
 *
 * <p>Every write runs in the caller's transaction when there is one (Jdbi's per-thread handle), else
 * in its own. The race arbiters are single conditional statements, or a {@code SELECT … FOR UPDATE}
 * followed by an {@code UPDATE}/{@code DELETE} of exactly the rows it locked; rows are locked in one
 * global order (ids ascending, unsigned) wherever a statement waits for locks, and the sweeper's
 * claim skips rows other workers hold ({@code FOR UPDATE SKIP LOCKED}); on PostgreSQL a claim's
 * locking read and its {@code UPDATE} are one statement ({@link Dialect#claimsInOneStatement}).
 *
 * <p>{@code due_at}, the indexed column of {@link dev.trash.spi.ItemField#DUE_AT}, is exact while an
 * item is in the Trash; a claim leaves it as it is when it is earlier than the lease's end (it only
 * ever moves it earlier), so that claiming a due item rewrites no indexed time. The column is then a
 * lower bound of the item's due time, its {@code available_at}, and every condition on {@code DUE_AT}
 * is rendered exactly ({@link SqlCondition#claim}). A release (a hand-back, a failed purge) writes
 * the retry time to {@code due_at}, later or not. Thread-safe.
 */
final class JdbiTrashStore implements TrashStore {
    private final Jdbi jdbi;
    private final Dialect dialect;
    /** {@code trash_item} as statements that take rows by their key name it (see {@link Dialect#byKey}). */
    private final String byKey;

    JdbiTrashStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.byKey = dialect.byKey("trash_item");
    }

    /** @return the record in the current row of a {@code SELECT * FROM trash_item}, times read as {@code dialect} reads them */
    static TrashRecord record(ResultSet rs, Dialect dialect) throws SQLException {
        String parentType = rs.getString("parent_type");
        Optional<ParentInfo> parent = parentType == null ? Optional.empty()
                : Optional.of(new ParentInfo(ResourceRef.of(parentType, rs.getString("parent_id")),
                rs.getString("parent_name")));
        String owner = rs.getString("purge_owner");
        Optional<PurgeState> purge = owner == null ? Optional.empty()
                : Optional.of(new PurgeState(owner, dialect.instant(rs, "available_at"), rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("last_error"))));
        Instant heldAt = dialect.instant(rs, "held_at");
        Optional<Hold> hold = heldAt == null ? Optional.empty()
                : Optional.of(new Hold(rs.getString("hold_reason"), ActorId.of(rs.getString("held_by")), heldAt));
        return new TrashRecord(new TrashItemId(dialect.uuid(rs, "id")), WorkspaceId.of(rs.getString("workspace")),
                ResourceRef.of(rs.getString("root_type"), rs.getString("root_id")), rs.getString("name"),
                Optional.ofNullable(rs.getString("slug")), parent, dialect.instant(rs, "deleted_at"),
                ActorId.of(rs.getString("deleted_by")), dialect.instant(rs, "expires_at"), rs.getLong("size_bytes"),
                rs.getLong("cascaded_count"), purge, hold, Optional.ofNullable(dialect.instant(rs, "warned_at")));
    }

    @Override
    public void insert(TrashRecord r) {
        Sql.call(dialect, () -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,
                            parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,
                            available_at, attempts, last_error, due_at, held_at, held_by, hold_reason, warned_at,
                            name_key)
                        VALUES (:id, :ws, :rootType, :rootId, :name, :slug, :parentType, :parentId, :parentName,
                            :deletedAt, :deletedBy, :expiresAt, :size, :count, :owner, :availableAt, :attempts,
                            :error, :due, :heldAt, :heldBy, :holdReason, :warnedAt, :nameKey)""")
                .bind("id", dialect.uuid(r.id().value()))
                .bind("ws", r.workspace().value())
                .bind("rootType", r.root().type())
                .bind("rootId", r.root().id())
                .bind("name", r.name())
                .bind("slug", r.slug().orElse(null))
                .bind("parentType", r.parent().map(p -> p.ref().type()).orElse(null))
                .bind("parentId", r.parent().map(p -> p.ref().id()).orElse(null))
                .bind("parentName", r.parent().map(ParentInfo::name).orElse(null))
                .bind("deletedAt", dialect.time(r.deletedAt()))
                .bind("deletedBy", r.deletedBy().value())
                .bind("expiresAt", dialect.time(r.expiresAt()))
                .bind("size", r.sizeBytes())
                .bind("count", r.cascadedCount())
                .bind("owner", r.purge().map(PurgeState::owner).orElse(null))
                .bind("availableAt", r.purge().map(p -> dialect.time(p.availableAt())).orElse(dialect.nullTime()))
                .bind("attempts", r.purge().map(PurgeState::attempts).orElse(0))
                .bind("error", r.purge().flatMap(PurgeState::lastError).map(SqlCondition::clip).orElse(null))
                .bind("due", dialect.time(r.purge().map(PurgeState::availableAt).orElse(r.expiresAt())))
                .bind("heldAt", r.hold().map(hold -> dialect.time(hold.at())).orElse(dialect.nullTime()))
                .bind("heldBy", r.hold().map(hold -> hold.by().value()).orElse(null))
                .bind("holdReason", r.hold().map(Hold::reason).orElse(null))
                .bind("warnedAt", r.warnedAt().map(dialect::time).orElse(dialect.nullTime()))
                .bind("nameKey", SqlCondition.nameKey(r.name()))
                .execute()));
    }

    @Override
    public Optional<TrashRecord> find(WorkspaceId workspace, TrashItemId id) {
        return Sql.call(dialect, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM trash_item WHERE workspace = :ws AND id = :id")
                .bind("ws", workspace.value())
                .bind("id", dialect.uuid(id.value()))
                .map((rs, ctx) -> record(rs, dialect))
                .findOne()));
    }

    /**
     * One statement whatever the order and filters: {@code ORDER BY <sort column> <dir>, id <dir>}
     * (both the same way) and, after a cursor, the dialect's keyset predicate on the same pair
     * ({@link Dialect#after}), which each database reads as a range of the index led by
     * {@code (workspace, <sort column>, id)} (schema versions 1 and 4). The name order sorts
     * {@code name_key} (see {@link SqlCondition#nameKey}): the cursor's name is cut as the column is.
     */
    @Override
    public List<TrashRecord> list(WorkspaceId workspace, ListRequest request) {
        SortOrder order = request.order();
        String column = sortColumn(order.field());
        boolean descending = !order.ascending();
        SqlCondition where = SqlCondition.where(request.where(), "w", dialect);
        StringBuilder sql = new StringBuilder("SELECT * FROM trash_item WHERE workspace = :ws");
        if (request.types().size() == 1) {
            sql.append(" AND root_type = :type");
        } else if (!request.types().isEmpty()) {
            sql.append(" AND root_type IN (<types>)");
        }
        sql.append(" AND ").append(where.sql());
        request.after().ifPresent(k -> sql.append(" AND ").append(dialect.after(column, descending)));
        String direction = descending ? " DESC" : " ASC";
        sql.append(" ORDER BY ").append(column).append(direction).append(", id").append(direction).append(" LIMIT :limit");
        return Sql.call(dialect, () -> jdbi.withHandle(h -> {
            var query = where.bind(h.createQuery(sql.toString()))
                    .bind("ws", workspace.value())
                    .bind("limit", request.limit());
            if (request.types().size() == 1) {
                query.bind("type", request.types().iterator().next());
            } else if (!request.types().isEmpty()) {
                query.bindList("types", List.copyOf(request.types()));
            }
            if (request.after().isPresent()) {
                Keyset k = request.after().get();
                bindSortValue(query, "after", order, k.value()).bind("afterId", dialect.uuid(k.id().value()));
            }
            return query.map((rs, ctx) -> record(rs, dialect)).list();
        }));
    }

    /** @return the column a listing sorted by {@code field} orders by (each has an index led by the workspace) */
    static String sortColumn(SortOrder.SortField field) {
        return switch (field) {
            case DELETED_AT -> "deleted_at";
            case EXPIRES_AT -> "expires_at";
            case SIZE -> "size_bytes";
            case NAME -> "name_key";
        };
    }

    /** Binds a keyset's sort value for {@code order} as its column holds it; refuses a value of another kind. */
    private <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindSortValue(S statement, String name,
                                                                                  SortOrder order, Object value) {
        switch (order.field()) {
            case DELETED_AT, EXPIRES_AT -> {
                if (value instanceof Instant at) {
                    return statement.bind(name, dialect.time(at));
                }
            }
            case SIZE -> {
                if (value instanceof Long size) {
                    return statement.bind(name, size);
                }
            }
            case NAME -> {
                if (value instanceof String text) {
                    return statement.bind(name, SqlCondition.cutNameKey(text));
                }
            }
        }
        throw new IllegalArgumentException("a keyset for " + order + " holds a " + value.getClass().getName()
                + "; that order's sort value is " + switch (order.field()) {
                    case DELETED_AT, EXPIRES_AT -> "an Instant";
                    case SIZE -> "a Long";
                    case NAME -> "a String";
                } + " (ListRequest.sortValue)");
    }

    @Override
    public boolean remove(WorkspaceId workspace, TrashItemId id, Condition where) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createUpdate(
                        "DELETE FROM trash_item WHERE workspace = :ws AND id = :id AND " + condition.sql()))
                .bind("ws", workspace.value())
                .bind("id", dialect.uuid(id.value()))
                .execute() == 1));
    }

    @Override
    public Set<TrashItemId> removeAll(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            Set<TrashItemId> removed = new HashSet<>();
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                List<UUID> locked = condition.bind(h.createQuery("SELECT id FROM " + byKey + " WHERE workspace = :ws"
                                + " AND id IN (<ids>) AND " + condition.sql() + " ORDER BY id FOR UPDATE"))
                        .bind("ws", workspace.value())
                        .bindList("ids", dialect.uuids(chunk))
                        .map((rs, ctx) -> dialect.uuid(rs, "id"))
                        .list();
                if (!locked.isEmpty()) {
                    h.createUpdate(dialect.deleteByKey("trash_item") + " WHERE workspace = :ws AND id IN (<ids>)")
                            .bind("ws", workspace.value())
                            .bindList("ids", dialect.uuids(locked))
                            .execute();
                    locked.forEach(id -> removed.add(new TrashItemId(id)));
                }
            }
            return removed;
        }));
    }

    @Override
    public List<WorkspaceId> workspaces(Condition where, int limit) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        // The one statement across workspaces: it locks nothing (claims happen per workspace afterwards).
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createQuery(
                        "SELECT DISTINCT workspace FROM trash_item WHERE " + condition.sql() + " LIMIT :limit"))
                .bind("limit", limit)
                .mapTo(String.class)
                .map(WorkspaceId::of)
                .list()));
    }

    /**
     * The sweeper's claim. Where the database has {@code UPDATE … RETURNING} ({@link
     * Dialect#claimsInOneStatement}, PostgreSQL) it is one statement: a CTE chooses and locks the
     * items ({@code ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED}) and the {@code UPDATE}
     * of the same rows returns them as they now are. Elsewhere it is that locking read, then one
     * {@code UPDATE} by key of exactly the rows it locked. Either way the claim writes the owner and
     * the lease ({@code purge_owner}, {@code available_at}, which no index holds: on PostgreSQL since
     * schema version 5, whose warnings' partial index no longer names {@code purge_owner}) and leaves
     * {@code due_at} as it is when it is earlier than the lease's end, which it always is for a due
     * item ({@link SqlCondition#claim}): no index entry is written (a HOT update on PostgreSQL).
     */
    @Override
    public List<TrashRecord> claimNext(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        SqlCondition set = SqlCondition.claim(change, "s", dialect);
        String choice = "workspace = :ws AND " + condition.sql() + dialect.limitedLockOrder("due_at")
                + " LIMIT :limit FOR UPDATE SKIP LOCKED";
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            if (dialect.claimsInOneStatement()) {
                return claimed(set.bind(condition.bind(h.createQuery(claimStatement(choice, set))))
                        .bind("ws", workspace.value())
                        .bind("limit", limit), true);
            }
            List<TrashRecord> free = condition.bind(h.createQuery("SELECT * FROM trash_item WHERE " + choice))
                    .bind("ws", workspace.value())
                    .bind("limit", limit)
                    .map((rs, ctx) -> record(rs, dialect))
                    .list();
            return apply(h, workspace, free, set, change);
        }));
    }

    @Override
    public List<TrashRecord> claim(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where,
                                   PurgeChange change) {
        if (ids.isEmpty()) {
            return List.of();
        }
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        SqlCondition set = SqlCondition.claim(change, "s", dialect);
        // Waits for rows other transactions hold; the condition is checked again once they are free.
        String choice = "workspace = :ws AND id IN (<ids>) AND " + condition.sql() + " ORDER BY id FOR UPDATE";
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            List<TrashRecord> claimed = new ArrayList<>();
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                if (dialect.claimsInOneStatement()) {
                    claimed.addAll(claimed(set.bind(condition.bind(h.createQuery(claimStatement(choice, set))))
                            .bind("ws", workspace.value())
                            .bindList("ids", dialect.uuids(chunk)), false));
                    continue;
                }
                List<TrashRecord> locked = condition.bind(h.createQuery("SELECT * FROM " + byKey + " WHERE " + choice))
                        .bind("ws", workspace.value())
                        .bindList("ids", dialect.uuids(chunk))
                        .map((rs, ctx) -> record(rs, dialect))
                        .list();
                claimed.addAll(apply(h, workspace, locked, set, change));
            }
            return claimed;
        }));
    }

    @Override
    public List<TrashRecord> claimAny(WorkspaceId workspace, Condition where, PurgeChange change, int limit) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        SqlCondition set = SqlCondition.claim(change, "s", dialect);
        String choice = "workspace = :ws AND " + condition.sql() + dialect.limitedLockOrder("id") + " LIMIT :limit FOR UPDATE";
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            while (true) {
                List<TrashRecord> locked;
                if (dialect.claimsInOneStatement()) {
                    locked = claimed(set.bind(condition.bind(h.createQuery(claimStatement(choice, set))))
                            .bind("ws", workspace.value())
                            .bind("limit", limit), false);
                } else {
                    locked = apply(h, workspace, condition.bind(h.createQuery("SELECT * FROM trash_item WHERE " + choice))
                            .bind("ws", workspace.value())
                            .bind("limit", limit)
                            .map((rs, ctx) -> record(rs, dialect))
                            .list(), set, change);
                }
                if (!locked.isEmpty()) {
                    return locked;
                }
                // Rows locked by a concurrent operation and changed by it drop out of a locking read
                // (PostgreSQL re-checks the condition after the wait, after the LIMIT): an empty page is
                // the end only if no row matches any more.
                boolean more = condition.bind(h.createQuery("SELECT 1 FROM trash_item WHERE workspace = :ws AND "
                                + condition.sql() + " LIMIT 1"))
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

    /**
     * @return the one statement of a claim ({@link Dialect#claimsInOneStatement}): the locking read
     *     {@code SELECT … WHERE <choice>} as a materialized CTE (evaluated once, whatever the plan: a
     *     {@code LIMIT … FOR UPDATE SKIP LOCKED} run twice would lock more rows than it returns), then
     *     the {@code UPDATE} of exactly the rows it locked, which returns them as they now are and the
     *     due time each had when it was chosen (for the order)
     */
    private static String claimStatement(String choice, SqlCondition set) {
        return "WITH c AS MATERIALIZED (SELECT id AS claimed_id, due_at AS claimed_due FROM trash_item WHERE " + choice
                + ") UPDATE trash_item SET " + set.sql() + " FROM c WHERE trash_item.workspace = :ws"
                + " AND trash_item.id = c.claimed_id RETURNING trash_item.*, c.claimed_due";
    }

    /**
     * @return the rows a one-statement claim returned, in the order its locking read chose them: by
     *     their due time then id when {@code byDue}, else by id (the global lock order)
     */
    private List<TrashRecord> claimed(org.jdbi.v3.core.statement.Query claim, boolean byDue) {
        record Row(TrashRecord record, Instant due) {
        }
        List<Row> rows = claim.map((rs, ctx) -> new Row(record(rs, dialect), dialect.instant(rs, "claimed_due"))).list();
        Map<UUID, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.record().id().value(), r));
        List<UUID> order = Sql.lockOrder(rows.stream().map(r -> r.record().id()).toList());
        List<Row> sorted = new ArrayList<>(order.size());
        order.forEach(id -> sorted.add(byId.get(id)));
        if (byDue) {
            sorted.sort(java.util.Comparator.comparing(Row::due)); // stable: ids in lock order within one due time
        }
        return sorted.stream().map(Row::record).toList();
    }

    /** Writes the claim {@code set} (made from {@code change}) to the locked {@code rows}; returns them as they now are. */
    private List<TrashRecord> apply(Handle h, WorkspaceId workspace, List<TrashRecord> rows, SqlCondition set,
                                    PurgeChange change) {
        if (rows.isEmpty()) {
            return List.of();
        }
        for (List<UUID> chunk : Sql.chunks(rows.stream().map(r -> r.id().value()).toList())) {
            set.bind(h.createUpdate("UPDATE " + byKey + " SET " + set.sql() + " WHERE workspace = :ws AND id IN (<ids>)"))
                    .bind("ws", workspace.value())
                    .bindList("ids", dialect.uuids(chunk))
                    .execute();
        }
        List<TrashRecord> changed = new ArrayList<>(rows.size());
        rows.forEach(r -> changed.add(change.applyTo(r)));
        return changed;
    }

    @Override
    public int update(WorkspaceId workspace, Collection<TrashItemId> ids, Condition where, PurgeChange change) {
        if (ids.isEmpty()) {
            return 0;
        }
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        SqlCondition set = SqlCondition.set(change, "s", dialect);
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            int changed = 0;
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                changed += condition.bind(set.bind(h.createUpdate("UPDATE " + byKey + " SET " + set.sql()
                                + " WHERE workspace = :ws AND id IN (<ids>) AND " + condition.sql())))
                        .bind("ws", workspace.value())
                        .bindList("ids", dialect.uuids(chunk))
                        .execute();
            }
            return changed;
        }));
    }

    /**
     * One conditional {@code UPDATE} of the item's three hold columns. It takes the row's lock, so a
     * claim racing it (a locking read, then an {@code UPDATE}, whose condition excludes held items)
     * ends one way: whichever locks the row first wins, and the other, re-checking its condition
     * on the row as the winner left it, changes nothing.
     */
    @Override
    public boolean setHold(WorkspaceId workspace, TrashItemId id, Condition where, Optional<Hold> hold) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createUpdate(
                        "UPDATE trash_item SET held_at = :heldAt, held_by = :heldBy, hold_reason = :holdReason"
                                + " WHERE workspace = :ws AND id = :id AND " + condition.sql()))
                .bind("heldAt", hold.map(x -> dialect.time(x.at())).orElse(dialect.nullTime()))
                .bind("heldBy", hold.map(x -> x.by().value()).orElse(null))
                .bind("holdReason", hold.map(Hold::reason).orElse(null))
                .bind("ws", workspace.value())
                .bind("id", dialect.uuid(id.value()))
                .execute() == 1));
    }

    /**
     * One {@code UPDATE} of every matching item of the root type in the workspace, whatever their
     * number: the new expiry is computed by the database from each row's {@code deleted_at}, to the
     * microsecond ({@link Dialect#plusMicros}, {@link Dialect#later}), and written to
     * {@code expires_at} and {@code due_at} alike.
     */
    @Override
    public long changeExpiry(WorkspaceId workspace, String rootType, Duration retention, Instant notBefore,
                             Condition where) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        String expiry = dialect.later(dialect.plusMicros("deleted_at", ":micros"), ":notBefore");
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createUpdate(
                        // An item whose expiry would stay the same is neither written nor counted (the WHERE
                        // sees the old value); a changed expiry clears the item's warning (SPEC R39).
                        "UPDATE trash_item SET expires_at = " + expiry + ", due_at = " + expiry + ", warned_at = NULL"
                                + " WHERE workspace = :ws AND root_type = :type AND " + condition.sql()
                                + " AND expires_at <> " + expiry))
                .bind("micros", micros(retention))
                .bind("notBefore", dialect.time(notBefore))
                .bind("ws", workspace.value())
                .bind("type", rootType)
                .execute()));
    }

    /**
     * Marks up to {@code limit} matching items warned, soonest expiry first where the database orders
     * a limited locking read ({@link Dialect#limitedLockOrder}, {@link Dialect#warnOrder}): a {@code SELECT … FOR UPDATE SKIP
     * LOCKED}, so concurrent sweepers take disjoint items without waiting, then one {@code UPDATE} of
     * exactly the rows it locked (per chunk of ids), in the caller's transaction or its own. The
     * time is kept to the microsecond, as every time of the table.
     */
    @Override
    public List<TrashRecord> markWarned(WorkspaceId workspace, Condition where, Instant at, int limit) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        Instant when = at.truncatedTo(ChronoUnit.MICROS);
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            List<TrashRecord> free = condition.bind(h.createQuery("SELECT * FROM trash_item WHERE workspace = :ws AND "
                            + condition.sql() + dialect.limitedLockOrder(dialect.warnOrder()) + " LIMIT :limit FOR UPDATE SKIP LOCKED"))
                    .bind("ws", workspace.value())
                    .bind("limit", limit)
                    .map((rs, ctx) -> record(rs, dialect))
                    .list();
            if (free.isEmpty()) {
                return List.of();
            }
            for (List<UUID> chunk : Sql.chunks(free.stream().map(r -> r.id().value()).toList())) {
                h.createUpdate("UPDATE " + byKey + " SET warned_at = :at WHERE workspace = :ws AND id IN (<ids>)")
                        .bind("at", dialect.time(when))
                        .bind("ws", workspace.value())
                        .bindList("ids", dialect.uuids(chunk))
                        .execute();
            }
            List<TrashRecord> marked = new ArrayList<>(free.size());
            free.forEach(r -> marked.add(r.withWarnedAt(Optional.of(when))));
            return marked;
        }));
    }

    /**
     * One conditional {@code UPDATE} per chunk of ids, in their global lock order: clears
     * {@code warned_at} only where it is still {@code at} (to the microsecond), so a later warning of
     * another sweep is never undone.
     */
    @Override
    public int clearWarned(WorkspaceId workspace, Collection<TrashItemId> ids, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        Instant when = at.truncatedTo(ChronoUnit.MICROS);
        return Sql.call(dialect, () -> Sql.inTransaction(jdbi, dialect, h -> {
            int cleared = 0;
            for (List<UUID> chunk : Sql.chunks(Sql.lockOrder(ids))) {
                cleared += h.createUpdate("UPDATE " + byKey + " SET warned_at = :nothing WHERE workspace = :ws"
                                + " AND id IN (<ids>) AND warned_at = :at")
                        .bind("nothing", dialect.nullTime())
                        .bind("ws", workspace.value())
                        .bindList("ids", dialect.uuids(chunk))
                        .bind("at", dialect.time(when))
                        .execute();
            }
            return cleared;
        }));
    }

    /** @return {@code d} in whole microseconds (a finer rest is dropped: stores keep times to the microsecond) */
    private static long micros(Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
    }

    @Override
    public StorageSummary summarize(WorkspaceId workspace, Condition listed) {
        SqlCondition condition = SqlCondition.where(listed, "w", dialect);
        return Sql.call(dialect, () -> jdbi.withHandle(h -> {
            record Row(String type, boolean listed, long items, long bytes) {
            }
            List<Row> rows = condition.bind(h.createQuery("SELECT root_type, listed, COUNT(*) AS items,"
                            + " COALESCE(SUM(size_bytes), 0) AS bytes FROM (SELECT root_type, size_bytes, CASE WHEN "
                            + condition.sql() + " THEN 1 ELSE 0 END AS listed FROM trash_item WHERE workspace = :ws) t"
                            + " GROUP BY root_type, listed"))
                    .bind("ws", workspace.value())
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
    public List<TrashRecord> largest(WorkspaceId workspace, Condition listed, int limit) {
        SqlCondition condition = SqlCondition.where(listed, "w", dialect);
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createQuery(
                        "SELECT * FROM trash_item WHERE workspace = :ws AND " + condition.sql()
                                + " ORDER BY size_bytes DESC, deleted_at DESC, id DESC LIMIT :limit"))
                .bind("ws", workspace.value())
                .bind("limit", limit)
                .map((rs, ctx) -> record(rs, dialect))
                .list()));
    }

    /** One aggregate over every workspace (like {@link #workspaces}, it locks nothing). */
    @Override
    public ItemTotals totals(Condition where) {
        SqlCondition condition = SqlCondition.where(where, "w", dialect);
        return Sql.call(dialect, () -> jdbi.withHandle(h -> condition.bind(h.createQuery(
                        "SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS b, MIN(" + SqlCondition.DUE_AT + ") AS d FROM trash_item WHERE "
                                + condition.sql()))
                .map((rs, ctx) -> new ItemTotals(rs.getLong("n"), rs.getLong("b"),
                        Optional.ofNullable(dialect.instant(rs, "d"))))
                .one()));
    }
}
