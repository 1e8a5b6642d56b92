package dev.trash.examples.documents;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.examples.TrashTable;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.ResourceTable;
import dev.trash.memory.ManualClock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Folders in folders on the host's own tables (SPEC R37): a small document manager on H2, whose
 * {@code folders} table refers to itself ({@code parent_id}, a foreign key to {@code folders.id})
 * and whose {@code documents} live in folders, slugs unique among the active children of one
 * folder. The walk-through deletes a sub-folder on its own (R4), then a folder three levels deep
 * whose subtree holds it, is refused the restore of the sub-folder while an ancestor is in the
 * Trash (R12's message), restores the ancestor with exactly its own rows (R10, R13), and purges the
 * ancestor again with the sub-folder's item inside it (R18). Run: {@code mvn -B -q -pl trash-examples
 * -am package exec:java -DskipTests -Dexec.mainClass=dev.trash.examples.documents.DocumentManager}.
 */
public final class DocumentManager {
    /**
     * The host's tables on H2. A top-level folder has no parent ({@code parent_id} NULL); the
     * generated {@code parent_key} stands for "no parent" in the slug index, where NULLs would
     * never collide, and {@code active_slug} is NULL for trashed rows, so only active siblings
     * compete for a slug (the README's recipe).
     */
    static final List<String> HOST_DDL = List.of("""
            CREATE TABLE folders (
                id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
                parent_id VARCHAR(64) REFERENCES folders (id), name VARCHAR(255) NOT NULL,
                slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID,
                parent_key VARCHAR(64) GENERATED ALWAYS AS (COALESCE(parent_id, '/')),
                active_slug VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END))""",
            "CREATE UNIQUE INDEX folders_active_slug ON folders (workspace_id, parent_key, active_slug)",
            "CREATE INDEX folders_parent ON folders (parent_id)",
            "CREATE INDEX folders_trash ON folders (trash_item)",
            """
            CREATE TABLE documents (
                id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
                folder_id VARCHAR(64) NOT NULL REFERENCES folders (id), name VARCHAR(255) NOT NULL,
                slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
                active_slug VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END))""",
            "CREATE UNIQUE INDEX documents_active_slug ON documents (folder_id, active_slug)",
            "CREATE INDEX documents_folder ON documents (folder_id)",
            "CREATE INDEX documents_trash ON documents (trash_item)");

    /** Each type described once: a folder is its own parent type (SPEC R25, R37). */
    static final List<ResourceTable> TABLES = List.of(
            ResourceTable.of("folder", "folders").childOf("folder", "parent_id").slug("slug").size("size_bytes"),
            ResourceTable.of("document", "documents").childOf("folder", "folder_id").slug("slug").size("size_bytes"));

    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final ActorId ALICE = ActorId.of("alice");
    private static final ActorId BOB = ActorId.of("bob");

    private DocumentManager() {
    }

    /** Runs the walk-through, printing to standard output. */
    public static void main(String[] args) {
        run(System.out, "jdbc:h2:mem:documents;DB_CLOSE_DELAY=-1");
    }

    /** Runs the walk-through on the (empty) H2 database at {@code jdbcUrl}, printing to {@code out}. */
    static void run(PrintStream out, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            JdbiTrash db = JdbiTrash.create(dataSource, TABLES).createSchemaIfMissing();
            Jdbi jdbi = db.jdbi();
            jdbi.useTransaction(h -> HOST_DDL.forEach(h::execute));
            ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T08:00:00Z"));
            TrashManager trash = TrashManager.builder().backend(db).clock(clock).build();
            jdbi.useTransaction(DocumentManager::seed);

            out.println("== The documents of acme");
            printTree(out, jdbi);

            out.println();
            out.println("== Bob deletes the folder Drafts on its own");
            TrashItem drafts = trash.delete(ACME, ResourceRef.of("folder", "drafts"), BOB);
            out.println("  deleted " + label(drafts));

            clock.advance(Duration.ofHours(2));
            out.println();
            out.println("== Alice deletes 2026, three levels down: its whole subtree goes with it");
            TrashItem year = trash.delete(ACME, ResourceRef.of("folder", "acme-2026"), ALICE);
            out.println("  deleted " + label(year) + " (Drafts stays its own item)");
            TrashTable.print(out, trash.list(ACME, TrashQuery.all()).items());
            printTree(out, jdbi);

            out.println();
            out.println("== Restore Drafts while its ancestor 2026 is in the Trash");
            try {
                trash.restore(ACME, drafts.id(), BOB);
                out.println("  restored (unexpected)");
            } catch (ParentInTrashException e) {
                out.println("  refused: " + e.getMessage());
            }

            out.println();
            out.println("== Restore 2026: exactly what its delete took comes back");
            Restored restored = trash.restore(ACME, year.id(), ALICE);
            out.println("  restored " + restored.restoredCount() + " rows (2026 and its " + (restored.restoredCount() - 1)
                    + " cascaded children); Drafts is still in the Trash");
            printTree(out, jdbi);
            TrashTable.print(out, trash.list(ACME, TrashQuery.all()).items());

            clock.advance(Duration.ofDays(1));
            out.println();
            out.println("== Alice deletes 2026 again, then purges it for good");
            TrashItem again = trash.delete(ACME, ResourceRef.of("folder", "acme-2026"), ALICE);
            out.println("  deleted " + label(again));
            Purged purged = trash.purge(ACME, again.id(), ALICE);
            out.println("  purged " + purged.items() + " items, " + purged.bytes() + " bytes: 2026 and Drafts, which was"
                    + " in the Trash inside it (nothing outlives its parent)");
            out.println("  the Trash now: " + trash.list(ACME, TrashQuery.all()).items().size() + " items");
            out.println("  rows left: folders " + count(jdbi, "folders") + ", documents " + count(jdbi, "documents")
                    + ", trash items " + count(jdbi, "trash_item"));
            printTree(out, jdbi);
        }
    }

    /**
     * The tree, each folder's id is its slug (and unique in the workspace for the example's sake):
     * <pre>
     * Clients / Acme Corp / 2026 / Contracts (contract.pdf, Signed (contract-signed.pdf))
     *                            / Invoices (invoice-001.pdf, Drafts (draft-1.docx, draft-2.docx))
     * Personal (cv.pdf)
     * </pre>
     */
    private static void seed(Handle h) {
        folder(h, "clients", null, "Clients");
        folder(h, "acme-corp", "clients", "Acme Corp");
        folder(h, "acme-2026", "acme-corp", "2026");
        folder(h, "contracts", "acme-2026", "Contracts");
        folder(h, "signed", "contracts", "Signed");
        folder(h, "invoices", "acme-2026", "Invoices");
        folder(h, "drafts", "invoices", "Drafts");
        folder(h, "personal", null, "Personal");
        document(h, "d1", "contracts", "contract.pdf", 120_000);
        document(h, "d2", "signed", "contract-signed.pdf", 180_000);
        document(h, "d3", "invoices", "invoice-001.pdf", 40_000);
        document(h, "d4", "drafts", "draft-1.docx", 22_000);
        document(h, "d5", "drafts", "draft-2.docx", 24_000);
        document(h, "d6", "personal", "cv.pdf", 90_000);
    }

    private static void folder(Handle h, String id, String parent, String name) {
        h.createUpdate("INSERT INTO folders (id, workspace_id, parent_id, name, slug) VALUES (:id, 'acme', :parent,"
                        + " :name, :slug)")
                .bind("id", id).bind("parent", parent).bind("name", name).bind("slug", slug(name)).execute();
    }

    private static void document(Handle h, String id, String folder, String name, long bytes) {
        h.createUpdate("INSERT INTO documents (id, workspace_id, folder_id, name, slug, size_bytes) VALUES (:id, 'acme',"
                        + " :folder, :name, :slug, :bytes)")
                .bind("id", id).bind("folder", folder).bind("name", name).bind("slug", slug(name)).bind("bytes", bytes)
                .execute();
    }

    private static String slug(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String label(TrashItem item) {
        return item.name() + " " + item.badge() + " (" + item.sizeBytes() + " bytes, expires in "
                + item.expiresInLabel() + ")";
    }

    /** A folder or document of the tree the host's views show. */
    private record Node(String id, String parent, String name, boolean folder) {
    }

    /** Prints the active folders and documents as a tree: what the host's own views show. */
    static void printTree(PrintStream out, Jdbi jdbi) {
        List<Node> nodes = jdbi.withHandle(h -> {
            List<Node> all = new ArrayList<>(h.createQuery("SELECT id, parent_id, name FROM folders"
                            + " WHERE trash_item IS NULL ORDER BY name")
                    .map((rs, ctx) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), true)).list());
            all.addAll(h.createQuery("SELECT id, folder_id, name FROM documents WHERE trash_item IS NULL ORDER BY name")
                    .map((rs, ctx) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), false)).list());
            return all;
        });
        Map<String, List<Node>> children = new TreeMap<>();
        for (Node n : nodes) {
            children.computeIfAbsent(n.parent() == null ? "" : n.parent(), k -> new ArrayList<>()).add(n);
        }
        out.println("  active documents:");
        printChildren(out, children, "", "    ");
    }

    private static void printChildren(PrintStream out, Map<String, List<Node>> children, String parent, String indent) {
        for (Node child : children.getOrDefault(parent, List.of())) {
            out.println(indent + child.name() + (child.folder() ? "/" : ""));
            if (child.folder()) {
                printChildren(out, children, child.id(), indent + "  ");
            }
        }
    }

    private static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
