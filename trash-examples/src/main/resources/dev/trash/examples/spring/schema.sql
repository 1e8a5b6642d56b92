-- The example's own tables (run by Spring Boot's spring.sql.init): folders hold documents, each with the
-- library's trash column (NULL = active) and the indexes the README recommends; and the host's audit table.
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
CREATE TABLE audit (folder_id VARCHAR(64) NOT NULL, actor VARCHAR(64) NOT NULL);
