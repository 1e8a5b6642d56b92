package dev.trash.jdbi;

import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import dev.trash.testkit.TrashBackend;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The suites' backend on a database: the adapter over the {@link ReferenceSchema} tables, a ledger
 * that inserts into {@code test_ledger} in the library's transaction, and the host's own SQL for
 * creating and reading resources. Subclasses provide a fresh, empty database and drop it on close.
 */
abstract class JdbiBackend implements TrashBackend {
    final Jdbi jdbi;
    final JdbiTrash adapter;
    private final HostResources resources;
    private final StorageLedger ledger;

    JdbiBackend(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.adapter = JdbiTrash.create(jdbi).createSchemaIfMissing();
        jdbi.useTransaction(h -> ReferenceSchema.ddl(adapter.database()).forEach(h::execute));
        this.resources = adapter.resources(ReferenceSchema.tables());
        this.ledger = (workspace, item, bytes) -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO test_ledger (workspace, item, bytes) VALUES (:ws, :item, :bytes)")
                .bind("ws", workspace.value()).bind("item", item.value()).bind("bytes", bytes).execute());
    }

    @Override
    public TrashStore store() {
        return adapter.store();
    }

    @Override
    public HostResources resources() {
        return resources;
    }

    @Override
    public TrashTransactions transactions() {
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
    public boolean exists(ResourceRef ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + ref.type() + " WHERE id = :id")
                .bind("id", ref.id()).mapTo(Integer.class).one() > 0);
    }

    @Override
    public List<ResourceRef> active(WorkspaceId workspace, String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM " + type
                        + " WHERE workspace_id = :ws AND trash_item IS NULL")
                .bind("ws", workspace.value()).mapTo(String.class).list())
                .stream().sorted().map(id -> ResourceRef.of(type, id)).toList();
    }
}
