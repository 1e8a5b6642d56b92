package dev.trash.examples.spring;

import static dev.trash.examples.spring.FolderService.ACME;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import java.io.PrintStream;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the example shows, step by step. */
@Component
class Walkthrough {
    private final FolderService service;
    private final TrashManager trash;
    private final TrashSweeper sweeper;
    private final JdbcTemplate jdbc;
    private final SpringExample.Heard heard;
    private final Map<String, String> storedFiles;

    Walkthrough(FolderService service, TrashManager trash, TrashSweeper sweeper, JdbcTemplate jdbc,
                SpringExample.Heard heard, Map<String, String> storedFiles) {
        this.service = service;
        this.trash = trash;
        this.sweeper = sweeper;
        this.jdbc = jdbc;
        this.heard = heard;
        this.storedFiles = storedFiles;
    }

    void run(PrintStream out) {
        out.println("== Spring Boot: the Trash wired by trash-jdbi's auto-configuration, on H2");
        seed("reports", "Reports", 2);
        seed("drafts", "Drafts", 1);
        out.println("  types " + trash.types().keySet() + "; sweeper running: " + sweeper.isRunning()
                + "; folders " + names() + "; stored files " + storedFiles.size());

        out.println("== @Transactional: the host's audit row and the delete commit together");
        TrashItem reports = service.archive("reports", "alice");
        out.println("  deleted " + reports.name() + " +" + reports.cascadedCount() + "; heard after the commit: "
                + heard.events + "; audit rows " + count("audit") + "; folders " + names());

        out.println("== @Transactional that fails after the delete: both roll back");
        try {
            service.archiveThenFail("drafts", "bob");
        } catch (IllegalStateException e) {
            out.println("  failed: " + e.getMessage() + "; folders " + names() + "; audit rows " + count("audit")
                    + "; in the Trash " + listed() + "; heard " + heard.events);
        }

        out.println("== purge inside @Transactional is refused");
        try {
            service.purgeInside(reports.id());
        } catch (IllegalStateException e) {
            out.println("  refused: " + e.getMessage().substring(0, e.getMessage().indexOf(':')) + "; in the Trash "
                    + listed());
        }

        out.println("== restore, delete again, purge outside any transaction");
        Restored restored = trash.restore(ACME, reports.id(), ActorId.of("alice"));
        out.println("  restored " + restored.restoredCount() + " rows; folders " + names());
        TrashItem again = service.archive("reports", "alice");
        Purged purged = trash.purge(ACME, again.id(), ActorId.of("alice"));
        out.println("  purged " + purged.items() + " item, " + purged.bytes() + " bytes; stored files left "
                + storedFiles.size() + "; heard " + heard.events);
    }

    private void seed(String id, String name, int documents) {
        jdbc.update("INSERT INTO folders (id, workspace_id, name, size_bytes) VALUES (?, 'acme', ?, 100)", id, name);
        for (int i = 1; i <= documents; i++) {
            String doc = id + "-" + i;
            jdbc.update("INSERT INTO documents (id, workspace_id, folder_id, name, size_bytes) VALUES (?, 'acme', ?, ?, 1000)",
                    doc, id, name + " " + i);
            storedFiles.put(doc, "files/" + doc + ".pdf");
        }
    }

    private java.util.List<String> names() {
        return jdbc.queryForList("SELECT name FROM folders WHERE trash_item IS NULL ORDER BY name", String.class);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private java.util.List<String> listed() {
        return trash.list(ACME, TrashQuery.all()).items().stream().map(TrashItem::name).toList();
    }
}
