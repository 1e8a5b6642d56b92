-- The host tables of the Spring tests, valid on H2 and PostgreSQL: folders hold documents.
CREATE TABLE folders (
    id           VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL,
    name         VARCHAR(255) NOT NULL,
    size_bytes   BIGINT       NOT NULL DEFAULT 0,
    trash_item   UUID
);
CREATE INDEX folders_trash ON folders (trash_item);
CREATE TABLE documents (
    id           VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL,
    folder_id    VARCHAR(64)  NOT NULL REFERENCES folders (id),
    name         VARCHAR(255) NOT NULL,
    size_bytes   BIGINT       NOT NULL DEFAULT 0,
    trash_item   UUID
);
CREATE INDEX documents_trash ON documents (trash_item);
CREATE INDEX documents_folder ON documents (folder_id);
