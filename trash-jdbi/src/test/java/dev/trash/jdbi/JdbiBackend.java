package dev.trash.jdbi;

import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.ResourceState;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.testkit.SuiteBackend;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The suites' backend on a database: a {@link JdbiTrash} over the {@link ReferenceSchema} tables
 * (described for the types a suite asks for: the reference types, folders and documents among them), a ledger that inserts into {@code test_ledger} in the
 * library's transaction, and the host's own SQL for creating and reading resources. Subclasses
 * provide a fresh, empty database and drop it on close.
 */
abstract class JdbiBackend implements SuiteBackend {
    final Jdbi jdbi;
    final JdbiTrash adapter;
    private final StorageLedger ledger;

    JdbiBackend(Jdbi jdbi, List<ResourceType> types, ReferenceSchema.Layout layout) {
        this.jdbi = jdbi;
        this.adapter = JdbiTrash.create(jdbi, ReferenceSchema.tables(types)).createSchemaIfMissing();
        jdbi.useTransaction(h -> ReferenceSchema.ddl(adapter.database(), layout).forEach(h::execute));
        this.ledger = (workspace, item, bytes) -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO test_ledger (workspace, item, bytes) VALUES (:ws, :item, :bytes)")
                .bind("ws", workspace.value()).bind("item", item.value()).bind("bytes", bytes).execute());
    }

    @Override
    public TrashBackend backend() {
        return adapter;
    }

    @Override
    public StorageLedger ledger() {
        return ledger;
    }

    @Override
    public long freedBytes(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(bytes), 0) FROM test_ledger WHERE workspace = :ws")
                .bind("ws", workspace.value()).mapTo(Long.class).one());
    }

    @Override
    public int timesFreed(TrashItemId item) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM test_ledger WHERE item = :item")
                .bind("item", item.value()).mapTo(Integer.class).one());
    }

    @Override
    public void add(HostResource r) {
        String type = r.ref().type();
        String parentColumn = ReferenceSchema.parentColumn(type);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + type + " (id, workspace_id, "
                        + (parentColumn == null ? "" : parentColumn + ", ") + "name, slug, size_bytes) VALUES (:id, :ws, "
                        + (parentColumn == null ? "" : ":parent, ") + ":name, :slug, :size)")
                .bind("id", r.ref().id())
                .bind("ws", r.workspace().value())
                .bind("parent", r.parent().map(ResourceRef::id).orElse(null))
                .bind("name", r.name())
                .bind("slug", r.slug().orElse(null))
                .bind("size", r.sizeBytes())
                .execute());
    }

    @Override
    public Optional<ResourceState> find(ResourceRef ref) {
        String type = ref.type();
        String parentColumn = ReferenceSchema.parentColumn(type);
        Optional<String> parentType = ReferenceSchema.parentType(type);
        return jdbi.withHandle(h -> h.createQuery("SELECT id, workspace_id, " + (parentColumn == null ? "NULL" : parentColumn)
                        + " AS parent, name, slug, size_bytes, trash_item FROM " + type + " WHERE id = :id")
                .bind("id", ref.id())
                .map((rs, ctx) -> {
                    String parent = rs.getString("parent");
                    HostResource resource = new HostResource(ref, WorkspaceId.of(rs.getString("workspace_id")),
                            parentType.filter(p -> parent != null).map(p -> ResourceRef.of(p, parent)),
                            rs.getString("name"), Optional.ofNullable(rs.getString("slug")), rs.getLong("size_bytes"));
                    return new ResourceState(resource,
                            Optional.ofNullable(rs.getObject("trash_item", UUID.class)).map(TrashItemId::new));
                })
                .findOne()
                .map(this::asHostSees));
    }

    /** For a type hidden with its parent (SPEC R42) without a mark of its own: its parent's mark. */
    private ResourceState asHostSees(ResourceState state) {
        boolean hidden = adapter.types().stream().anyMatch(t -> t.name().equals(state.resource().ref().type()) && t.hidden());
        if (!hidden || !state.active() || state.resource().parent().isEmpty()) {
            return state;
        }
        return new ResourceState(state.resource(), find(state.resource().parent().get()).flatMap(ResourceState::trashedBy));
    }

    @Override
    public List<ResourceRef> active(WorkspaceId workspace, String type) {
        // The host's query, with the library's condition for active rows (SPEC R42: parents of hidden types too).
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM " + type
                        + " r WHERE r.workspace_id = :ws AND " + adapter.activeRows(type, "r"))
                .bind("ws", workspace.value()).mapTo(String.class).list())
                .stream().sorted().map(id -> ResourceRef.of(type, id)).toList();
    }
}
