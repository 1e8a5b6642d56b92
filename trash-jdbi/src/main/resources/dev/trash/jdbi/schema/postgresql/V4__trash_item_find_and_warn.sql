-- trash-jdbi schema, version 4, PostgreSQL: finding things in the Trash (SPEC R38) and expiry warnings (SPEC R39).
-- warned_at: when the sweeper told the host that the item expires soon (NULL: not yet), the type of the other times.
-- name_key: the name as the Trash sorts and searches it, written by the adapter with every item: the name lower-cased
-- by Java (Locale.ROOT, as trash-core's in-memory store and its cursors lower-case it), cut to its first 255
-- characters so that it fits every index. COLLATE "C": compared code point by code point (as Java compares the
-- cursor's name), whatever the database's locale; lower-cased by the adapter, not by LOWER(), so that the database's
-- LC_CTYPE never matters (a database created with LC_CTYPE C lower-cases no É).
-- Indexes, each led by the workspace as every listing is: one per order of the listing with its keyset cursor
-- (expiry, size, name; deletion time has V1's), and one for the warnings: partial, over the items not warned yet, in
-- the Trash and not held, by expiry, which both the sweeper's look for workspaces with items to warn (across
-- workspaces, unlocked) and its claim of them inside one workspace read.
-- Name search (LIKE '%…%') uses a trigram index if the pg_trgm extension is installed or can be installed (it ships
-- with PostgreSQL's contrib and is trusted since PostgreSQL 13: the owner of the database, or a user with CREATE on it,
-- may create it); else the block below skips that index with a NOTICE, and a name search reads the workspace's items.
-- Applied in place to a schema of version 1, 2 or 3, keeping every item: the new columns are added NULL, name_key is
-- then filled from the names (by LOWER(), once, for the items made before the upgrade). By
-- JdbiTrash.createSchemaIfMissing(), which runs every script in order, or by Flyway (location
-- classpath:dev/trash/jdbi/schema/postgresql, history table flyway_trash_history).
-- Re-runnable: IF NOT EXISTS, an UPDATE of the rows still without a name_key only, and the trigram index in a block.
ALTER TABLE trash_item
    ADD COLUMN IF NOT EXISTS warned_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS name_key  VARCHAR(255) COLLATE "C";

UPDATE trash_item SET name_key = LEFT(LOWER(name), 255) WHERE name_key IS NULL;

-- Listing by expiry (also what expiringWithin lists), by size, by name; each with its (value, id) keyset cursor.
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_expiry ON trash_item (workspace, expires_at, id);
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_size ON trash_item (workspace, size_bytes, id);
CREATE INDEX IF NOT EXISTS trash_item_by_workspace_name ON trash_item (workspace, name_key, id);
-- The items to warn of: in the Trash, not held, not warned yet; by expiry (then workspace, for the claim in one).
CREATE INDEX IF NOT EXISTS trash_item_to_warn ON trash_item (expires_at, workspace)
    WHERE warned_at IS NULL AND purge_owner IS NULL AND held_at IS NULL;

-- Name search: a trigram index on name_key, if pg_trgm is installed or can be created (in the current schema); its
-- operator class is named with the extension's schema, wherever that is. One block without a DECLARE or a nested block
-- (Jdbi's script runner, which JdbiTrash.createSchemaIfMissing() uses, keeps one BEGIN … END together).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
            RAISE NOTICE 'trash-jdbi: pg_trgm is not available on this server: no index trash_item_name_search, a name search reads the items of the workspace';
            RETURN;
        END IF;
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
    EXECUTE (SELECT format('CREATE INDEX IF NOT EXISTS trash_item_name_search ON trash_item USING gin (name_key %I.gin_trgm_ops)',
        n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'trash-jdbi: no index trash_item_name_search, a name search reads the items of the workspace: %', SQLERRM;
END $$;
