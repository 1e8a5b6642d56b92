-- trash-jdbi schema, version 1, MariaDB (10.6 or later) and MySQL (8.0 or later): the table of trash items and its indexes.
-- Usable by Flyway (location classpath:dev/trash/jdbi/schema/mariadb) or by hand.
-- Re-runnable: one CREATE TABLE IF NOT EXISTS with the indexes inside it (MySQL has no CREATE INDEX IF NOT EXISTS),
-- so JdbiTrash.createSchemaIfMissing() can run it on every start.
-- Ids are the UUID's canonical text in CHAR(36) (MariaDB's UUID type needs 10.7 and MySQL has none).
-- The workspace and the root type are VARBINARY: compared byte for byte, as PostgreSQL compares text (a collation would
-- fold case or ignore trailing spaces, and two workspaces must never compare equal); 1020 bytes hold 255 characters.
-- Names and slugs are LONGTEXT (they come from host rows, which may hold long ones); other ids are at most 255
-- characters.
-- Times are DATETIME(6) holding UTC (there is no time type with a zone), written and read at UTC by the adapter,
-- whatever the session's or the JVM's time zone.
-- due_at is when the sweeper may take the item: expires_at while it is in the Trash, available_at once claimed.
CREATE TABLE IF NOT EXISTS trash_item (
    id             CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    workspace      VARBINARY(1020)                                NOT NULL,
    root_type      VARBINARY(1020)                                NOT NULL,
    root_id        VARCHAR(255)                                   NOT NULL,
    name           LONGTEXT                                       NOT NULL,
    slug           LONGTEXT,
    parent_type    VARCHAR(255),
    parent_id      VARCHAR(255),
    parent_name    LONGTEXT,
    deleted_at     DATETIME(6)                                    NOT NULL,
    deleted_by     VARCHAR(255)                                   NOT NULL,
    expires_at     DATETIME(6)                                    NOT NULL,
    size_bytes     BIGINT                                         NOT NULL,
    cascaded_count BIGINT                                         NOT NULL,
    purge_owner    VARCHAR(255),
    available_at   DATETIME(6),
    attempts       INTEGER                                        NOT NULL DEFAULT 0,
    last_error     VARCHAR(2000),
    due_at         DATETIME(6)                                    NOT NULL,
    -- The workspace leads the key: every statement of the adapter names the workspace, and on a database sharded by
    -- workspace the key must include it.
    CONSTRAINT trash_item_pkey PRIMARY KEY (workspace, id),
    CONSTRAINT trash_item_purge_state CHECK ((purge_owner IS NULL) = (available_at IS NULL)),
    -- Listing a workspace's Trash, newest or oldest first, with a (deleted_at, id) keyset cursor.
    INDEX trash_item_by_workspace (workspace, deleted_at, id),
    -- The same, filtered by one root type.
    INDEX trash_item_by_workspace_type (workspace, root_type, deleted_at, id),
    -- The sweeper's claim inside one workspace, oldest due first.
    INDEX trash_item_by_workspace_due (workspace, due_at),
    -- The sweeper's unlocked look for the workspaces that have due items (the one statement across workspaces).
    INDEX trash_item_by_due (due_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
