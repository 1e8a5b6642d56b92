-- trash-jdbi schema, version 1, PostgreSQL: the table of trash items and its indexes.
-- Usable by Flyway (location classpath:dev/trash/jdbi/schema/postgresql) or by hand.
-- Re-runnable: every statement is IF NOT EXISTS, so JdbiTrash.createSchemaIfMissing() can run it on every start.
-- Names and slugs are VARCHAR without a limit (they come from host rows, which may hold long ones); ids are at most
-- 255 characters.
-- Times are TIMESTAMP WITH TIME ZONE (instants), written and read at UTC by the adapter, whatever the session zone.
-- due_at is when the sweeper may take the item: expires_at while it is in the Trash, available_at once claimed.
CREATE TABLE IF NOT EXISTS trash_item (
    id             UUID                     NOT NULL,
    workspace      VARCHAR(255)             NOT NULL,
    root_type      VARCHAR(255)             NOT NULL,
    root_id        VARCHAR(255)             NOT NULL,
    name           VARCHAR                  NOT NULL,
    slug           VARCHAR,
    parent_type    VARCHAR(255),
    parent_id      VARCHAR(255),
    parent_name    VARCHAR,
    deleted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_by     VARCHAR(255)             NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    size_bytes     BIGINT                   NOT NULL,
    cascaded_count BIGINT                   NOT NULL,
    purge_owner    VARCHAR(255),
    available_at   TIMESTAMP WITH TIME ZONE,
    attempts       INTEGER                  NOT NULL DEFAULT 0,
    last_error     VARCHAR(2000),
    due_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The workspace leads the key: every statement of the adapter names the workspace, and on a database sharded by
    -- workspace (Citus: create_distributed_table('trash_item', 'workspace')) the key must include it.
    CONSTRAINT trash_item_pkey PRIMARY KEY (workspace, id),
    CONSTRAINT trash_item_purge_state CHECK ((purge_owner IS NULL) = (available_at IS NULL))
);

-- Listing a workspace's Trash, newest or oldest first, with a (deleted_at, id) keyset cursor.
CREATE INDEX IF NOT EXISTS trash_item_by_workspace ON trash_item (workspace, deleted_at, id);
-- The same, filtered by one root type.
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_type ON trash_item (workspace, root_type, deleted_at, id);
-- The sweeper's claim inside one workspace, oldest due first.
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_due ON trash_item (workspace, due_at);
-- The sweeper's unlocked look for the workspaces that have due items (the one statement across workspaces).
CREATE INDEX IF NOT EXISTS trash_item_by_due ON trash_item (due_at);
