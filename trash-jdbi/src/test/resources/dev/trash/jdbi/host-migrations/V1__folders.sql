-- A host's own first migration, as every Flyway project has one: version 1, like the library's.
CREATE TABLE folders (
    id           VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL,
    name         VARCHAR(255) NOT NULL,
    size_bytes   BIGINT       NOT NULL DEFAULT 0,
    trash_item   UUID
);
CREATE INDEX folders_trash ON folders (trash_item);
