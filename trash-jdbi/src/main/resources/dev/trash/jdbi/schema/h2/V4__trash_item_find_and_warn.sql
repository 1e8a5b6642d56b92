-- trash-jdbi schema, version 4, H2 (2.x): finding things in the Trash (SPEC R38) and expiry warnings (SPEC R39).
-- warned_at: when the sweeper told the host that the item expires soon (NULL: not yet), the type of the other times.
-- name_key: the name as the Trash sorts and searches it, written by the adapter with every item: the name lower-cased
-- by Java (Locale.ROOT, as trash-core's in-memory store and its cursors lower-case it), cut to its first 255
-- characters so that it fits every index; H2 compares it as Java compares strings.
-- Indexes, each led by the workspace as every listing is: one per order of the listing with its keyset cursor
-- (expiry, size, name; deletion time has V1's); for the warnings (H2 has no partial index) one on (workspace,
-- warned_at, expires_at) for the sweeper's claim inside a workspace, which reads only the items not warned yet, and
-- one on (warned_at, expires_at) for its unlocked look for the workspaces that have items to warn.
-- A name search (LIKE '%…%') reads the workspace's items: H2 has no trigram index.
-- Applied in place to a schema of version 1, 2 or 3, keeping every item: the new columns are added NULL, name_key is
-- then filled from the names (by LOWER(), once, for the items made before the upgrade). By
-- JdbiTrash.createSchemaIfMissing(), which runs every script in order, or by Flyway (location
-- classpath:dev/trash/jdbi/schema/h2, history table flyway_trash_history).
-- Re-runnable: IF NOT EXISTS, and an UPDATE of the rows still without a name_key only.
ALTER TABLE trash_item ADD COLUMN IF NOT EXISTS warned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE trash_item ADD COLUMN IF NOT EXISTS name_key VARCHAR(255);

UPDATE trash_item SET name_key = LEFT(LOWER(name), 255) WHERE name_key IS NULL;

-- Listing by expiry (also what expiringWithin lists), by size, by name; each with its (value, id) keyset cursor.
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_expiry ON trash_item (workspace, expires_at, id);
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_size ON trash_item (workspace, size_bytes, id);
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_name ON trash_item (workspace, name_key, id);
-- The items to warn of, not warned yet, by expiry: inside one workspace, and across workspaces.
CREATE INDEX IF NOT EXISTS trash_item_to_warn ON trash_item (workspace, warned_at, expires_at);
CREATE INDEX IF NOT EXISTS trash_item_to_warn_any ON trash_item (warned_at, expires_at);
