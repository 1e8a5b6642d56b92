package dev.trash.examples.spring;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The host's service: its own SQL ({@link JdbcTemplate}) and Trash calls in one Spring transaction
 * per method. Thread-safe.
 */
@Service
public class FolderService {
    /** The example's one workspace. */
    static final WorkspaceId ACME = WorkspaceId.of("acme");

    private final JdbcTemplate jdbc;
    private final TrashManager trash;

    FolderService(JdbcTemplate jdbc, TrashManager trash) {
        this.jdbc = jdbc;
        this.trash = trash;
    }

    /** @return the folder moved to the Trash, with an audit row written in the same transaction */
    @Transactional
    public TrashItem archive(String folder, String user) {
        jdbc.update("INSERT INTO audit (folder_id, actor) VALUES (?, ?)", folder, user);
        return trash.delete(ACME, ResourceRef.of("folder", folder), ActorId.of(user));
    }

    /** Archives the folder, then fails (the host's own error): the audit row and the delete roll back together. */
    @Transactional
    public void archiveThenFail(String folder, String user) {
        archive(folder, user);
        throw new IllegalStateException("the mail server is down");
    }

    /** Tries to purge inside the transaction: refused, its hook could not be rolled back. */
    @Transactional
    public Purged purgeInside(TrashItemId item) {
        return trash.purge(ACME, item, ActorId.of("admin"));
    }
}
