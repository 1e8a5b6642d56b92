package dev.trash.jdbi.spring.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.SQLRestriction;

/**
 * A host entity with the README's mapping (SPEC R28): the trash column read-only to Hibernate, so
 * no flush ever writes it, and trashed rows left out of every query Hibernate makes for the entity.
 * {@code @DynamicUpdate} makes a flush write only the columns the host changed (recommended: a
 * restore may rename the slug behind Hibernate's back).
 */
@Entity
@Table(name = "folders")
@SQLRestriction("trash_item IS NULL")
@DynamicUpdate
public class Folder {
    @Id
    private String id;

    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    /** The library's column: NULL while active, the trash item's id once trashed. Never written by Hibernate. */
    @Column(name = "trash_item", insertable = false, updatable = false)
    private UUID trashItem;

    protected Folder() {
    }

    public Folder(String id, String workspaceId, String name, long sizeBytes) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.name = name;
        this.sizeBytes = sizeBytes;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public UUID getTrashItem() {
        return trashItem;
    }
}
