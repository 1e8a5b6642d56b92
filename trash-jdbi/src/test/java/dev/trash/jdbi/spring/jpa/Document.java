package dev.trash.jdbi.spring.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.SQLRestriction;

/** A document in a folder, mapped as {@link Folder} is. */
@Entity
@Table(name = "documents")
@SQLRestriction("trash_item IS NULL")
@DynamicUpdate
public class Document {
    @Id
    private String id;

    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;

    @Column(name = "folder_id", nullable = false)
    private String folderId;

    @Column(nullable = false)
    private String name;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "trash_item", insertable = false, updatable = false)
    private UUID trashItem;

    protected Document() {
    }

    public Document(String id, String workspaceId, String folderId, String name, long sizeBytes) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.folderId = folderId;
        this.name = name;
        this.sizeBytes = sizeBytes;
    }

    public String getId() {
        return id;
    }

    public String getFolderId() {
        return folderId;
    }

    public void setName(String name) {
        this.name = name;
    }
}
