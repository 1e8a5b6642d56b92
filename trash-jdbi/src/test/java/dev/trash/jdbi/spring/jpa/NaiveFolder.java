package dev.trash.jdbi.spring.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * The same table mapped the way an entity is written before reading the README: the trash column
 * an ordinary column, no restriction. What the documented mapping prevents (the case): a
 * flush after a delete writes the column back to NULL.
 */
@Entity
@Table(name = "folders")
public class NaiveFolder {
    @Id
    private String id;

    @Column(name = "workspace_id", nullable = false)
    private String workspaceId;

    @Column(nullable = false)
    private String name;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "trash_item")
    private UUID trashItem;

    protected NaiveFolder() {
    }

    public void setName(String name) {
        this.name = name;
    }
}
