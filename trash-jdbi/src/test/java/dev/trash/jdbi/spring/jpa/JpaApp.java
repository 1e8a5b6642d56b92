package dev.trash.jdbi.spring.jpa;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.ResourceTable;
import dev.trash.memory.ManualClock;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Data JPA host (Hibernate 6): the entities {@link Folder} and {@link Document} mapped as
 * the README says, their repositories, and a {@code @Transactional} service that mixes entity work
 * with Trash calls in one JPA transaction.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
class JpaApp {
    static final WorkspaceId ACME = WorkspaceId.of("acme");
    static final ActorId ALICE = ActorId.of("alice");

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
        return ManualClock.at(Instant.parse("2026-05-04T08:00:00Z"));
    }

    @Bean
    Events events() {
        return new Events();
    }

    @Bean
    FolderService folderService(FolderRepository folders, DocumentRepository documents, NaiveFolderRepository naive,
                                TrashManager trash) {
        return new FolderService(folders, documents, naive, trash);
    }

    /** The listener: every event. */
    static final class Events implements TrashListener {
        final List<TrashEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TrashEvent event) {
            seen.add(event);
        }
    }

    /** The host's service: entity work and Trash calls in one JPA transaction per method. */
    public static class FolderService {
        private final FolderRepository folders;
        private final DocumentRepository documents;
        private final NaiveFolderRepository naive;
        private final TrashManager trash;
        @PersistenceContext
        private EntityManager entityManager;

        FolderService(FolderRepository folders, DocumentRepository documents, NaiveFolderRepository naive,
                      TrashManager trash) {
            this.folders = folders;
            this.documents = documents;
            this.naive = naive;
            this.trash = trash;
        }

        private static ResourceRef folder(String id) {
            return ResourceRef.of("folder", id);
        }

        /** Loads the folder and a document, deletes the folder, then edits both entities: the commit flushes them. */
        @Transactional
        public TrashItem loadDeleteThenEdit(String folder) {
            Folder f = folders.findById(folder).orElseThrow();
            Document d = documents.inFolder(folder).get(0);
            TrashItem item = trash.delete(ACME, folder(folder), ALICE);
            f.setName("Renamed after the delete");
            d.setName("Edited after the delete");
            return item;
        }

        /** The same with the naive mapping. */
        @Transactional
        public TrashItem naiveLoadDeleteThenEdit(String folder) {
            NaiveFolder f = naive.findById(folder).orElseThrow();
            TrashItem item = trash.delete(ACME, folder(folder), ALICE);
            f.setName("Renamed after the delete");
            return item;
        }

        /** Loads, deletes, fails: the JPA transaction rolls back the delete too. */
        @Transactional
        public void loadEditDeleteAndFail(String folder) {
            folders.findById(folder).orElseThrow().setName("Renamed");
            entityManager.flush();
            trash.delete(ACME, folder(folder), ALICE);
            throw new IllegalStateException("the host's own failure");
        }

        /**
         * Deletes a folder loaded in this transaction, then looks it up again: before and after
         * clearing the persistence context.
         *
         * @return {found before clear, found after clear}
         */
        @Transactional
        public List<Boolean> deleteThenFind(String folder) {
            folders.findById(folder).orElseThrow();
            trash.delete(ACME, folder(folder), ALICE);
            boolean cached = folders.findById(folder).isPresent();
            entityManager.clear();
            boolean afterClear = folders.findById(folder).isPresent();
            return List.of(cached, afterClear);
        }

        /** Adds a document with JPA, then deletes its folder, flushing first or not. */
        @Transactional
        public TrashItem addDocumentThenDelete(String folder, String document, boolean flushFirst) {
            documents.save(new Document(document, ACME.value(), folder, "New document", 5));
            if (flushFirst) {
                entityManager.flush();
            }
            return trash.delete(ACME, folder(folder), ALICE);
        }

        /** Restores and loads the folder in the same transaction. */
        @Transactional
        public boolean restoreThenFind(TrashItemId item, String folder) {
            Restored restored = trash.restore(ACME, item, ALICE);
            return restored.restoredCount() > 0 && folders.findById(folder).isPresent();
        }
    }
}
