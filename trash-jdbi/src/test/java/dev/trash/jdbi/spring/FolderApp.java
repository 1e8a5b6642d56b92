package dev.trash.jdbi.spring;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.SweepReport;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.ResourceTable;
import dev.trash.memory.ManualClock;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeTarget;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The host application of the Spring tests, as a Spring user writes one: its two tables described
 * as {@link ResourceTable} beans (folders hold documents), a {@code @Transactional} service that
 * mixes its own SQL ({@link JdbcTemplate}) with Trash calls, a purge hook and a listener as beans,
 * and a {@link ManualClock}. Everything else comes from the auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class FolderApp {
    static final WorkspaceId ACME = WorkspaceId.of("acme");
    static final ActorId ALICE = ActorId.of("alice");
    static final Instant START = Instant.parse("2026-05-04T08:00:00Z");

    @Bean
    ResourceTable folders() {
        return ResourceTable.of("folder", "folders").size("size_bytes");
    }

    @Bean
    ResourceTable documents() {
        return ResourceTable.of("document", "documents").childOf("folder", "folder_id").size("size_bytes");
    }

    @Bean
    ManualClock clock() {
        return ManualClock.at(START);
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    @Bean
    Hook hook() {
        return new Hook();
    }

    @Bean
    FolderService folderService(JdbcTemplate jdbc, TrashManager trash) {
        return new FolderService(jdbc, trash);
    }

    /** @return a folder's ref */
    static ResourceRef folder(String id) {
        return ResourceRef.of("folder", id);
    }

    /** Adds a folder with {@code documents} documents of 10 bytes each. */
    static void seed(JdbcTemplate jdbc, String folder, int documents) {
        jdbc.update("INSERT INTO folders (id, workspace_id, name, size_bytes) VALUES (?, ?, ?, 100)", folder,
                ACME.value(), "Folder " + folder);
        for (int i = 0; i < documents; i++) {
            jdbc.update("INSERT INTO documents (id, workspace_id, folder_id, name, size_bytes) VALUES (?, ?, ?, ?, 10)",
                    folder + "-d" + i, ACME.value(), folder, "Document " + i);
        }
    }

    /** The host's service: its own SQL and Trash calls in one {@code @Transactional} method each. */
    public static class FolderService {
        private final JdbcTemplate jdbc;
        private final TrashManager trash;

        FolderService(JdbcTemplate jdbc, TrashManager trash) {
            this.jdbc = jdbc;
            this.trash = trash;
        }

        /** Renames the folder (its row is then locked by this transaction), then deletes it. */
        @Transactional
        public TrashItem renameAndDelete(String folder, String name) {
            jdbc.update("UPDATE folders SET name = ? WHERE id = ?", name, folder);
            return trash.delete(ACME, folder(folder), ALICE);
        }

        /** Like {@link #renameAndDelete}, then fails: everything rolls back. */
        @Transactional
        public void renameDeleteAndFail(String folder, String name) {
            renameAndDelete(folder, name);
            throw new IllegalStateException("the host's own failure after the delete");
        }

        /** Restores the item and renames the folder. */
        @Transactional
        public Restored restoreAndRename(TrashItemId item, String folder, String name) {
            Restored restored = trash.restore(ACME, item, ALICE);
            jdbc.update("UPDATE folders SET name = ? WHERE id = ?", name, folder);
            return restored;
        }

        /** Like {@link #restoreAndRename}, then fails. */
        @Transactional
        public void restoreRenameAndFail(TrashItemId item, String folder, String name) {
            restoreAndRename(item, folder, name);
            throw new IllegalStateException("the host's own failure after the restore");
        }

        /** Runs {@code inside} in a transaction of this service, after an update of the folder. */
        @Transactional
        public void inside(String folder, Runnable inside) {
            jdbc.update("UPDATE folders SET name = name WHERE id = ?", folder);
            inside.run();
        }

        /** Purges inside the transaction (refused). */
        @Transactional
        public Purged purge(TrashItemId item) {
            return trash.purge(ACME, item, ALICE);
        }

        /** Empties the Trash inside the transaction (refused). */
        @Transactional
        public Purged emptyTrash() {
            return trash.emptyTrash(ACME, ALICE);
        }

        /** Sweeps inside the transaction (refused). */
        @Transactional
        public Purged sweep(TrashSweeper sweeper) {
            return sweeper.sweepOnce();
        }
    }

    /**
     * The host's listener: keeps every event and sweep report, and runs a check when it hears an
     * event (e.g. what another connection sees at that moment).
     */
    static final class Recorder implements TrashListener {
        final List<TrashEvent> events = new CopyOnWriteArrayList<>();
        final List<SweepReport> sweeps = new CopyOnWriteArrayList<>();
        final AtomicReference<Consumer<TrashEvent>> onEvent = new AtomicReference<>(e -> { });

        @Override
        public void onEvent(TrashEvent event) {
            onEvent.get().accept(event);
            events.add(event);
        }

        @Override
        public void onSweep(SweepReport report) {
            sweeps.add(report);
        }
    }

    /** The host's purge hook: counts its calls, and runs what a test plans for it (e.g. a failure, a wait). */
    static final class Hook implements PurgeHook {
        final List<TrashItemId> purged = new CopyOnWriteArrayList<>();
        final AtomicReference<Consumer<PurgeTarget>> plan = new AtomicReference<>(t -> { });

        @Override
        public void purge(PurgeTarget target) {
            plan.get().accept(target);
            purged.add(target.item());
        }
    }
}
