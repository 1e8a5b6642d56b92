-- trash-jdbi schema, version 4, MariaDB and MySQL: finding things in the Trash (SPEC R38) and expiry warnings (SPEC R39).
-- warned_at: when the sweeper told the host that the item expires soon (NULL: not yet; DATETIME(6) holding UTC like the
-- other times).
-- name_key: the name as the Trash sorts and searches it, written by the adapter with every item: the name lower-cased
-- by Java (Locale.ROOT, as trash-core's in-memory store and its cursors lower-case it), cut to its first 255
-- characters so that it fits every index. VARBINARY (its UTF-8 bytes, 1020 hold 255 characters): compared byte for
-- byte, i.e. code point by code point, as PostgreSQL's COLLATE "C" compares it (a collation would ignore trailing
-- spaces, and utf8mb4_bin does), and matched by LIKE byte for byte (both sides are lower-cased already).
-- MariaDB has no index on an expression (MySQL has since 8.0.13): the column is what makes the name order an index scan.
-- Indexes, each led by the workspace as every listing is: one per order of the listing with its keyset cursor
-- (expiry, size, name; deletion time has V1's); for the warnings (no partial index here) one on (workspace, warned_at,
-- expires_at) for the sweeper's claim inside a workspace, which reads and locks only that workspace's items not warned
-- yet, and one on (warned_at, expires_at) for its unlocked look for the workspaces that have items to warn.
-- A name search (LIKE '%…%') reads the workspace's items: InnoDB's FULLTEXT finds words, not parts of them.
-- Applied in place to a schema of version 1, 2 or 3, keeping every item (InnoDB adds a nullable column without copying
-- the table and builds an index online): the new columns are added NULL, name_key is then filled from the names (by
-- LOWER(), once, for the items made before the upgrade). By JdbiTrash.createSchemaIfMissing(), which runs every script
-- in order (under its named lock), or by Flyway (location classpath:dev/trash/jdbi/schema/mariadb, history table
-- flyway_trash_history).
-- Re-runnable: MySQL has no ADD COLUMN IF NOT EXISTS nor CREATE INDEX IF NOT EXISTS, so each column and index is added
-- only if information_schema does not list it yet (each statement is atomic; a run stopped between two of them is
-- completed by the next), and the UPDATE runs only if a row has no name_key yet.
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND COLUMN_NAME = 'warned_at') = 0,
    'ALTER TABLE trash_item ADD COLUMN warned_at DATETIME(6) NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND COLUMN_NAME = 'name_key') = 0,
    'ALTER TABLE trash_item ADD COLUMN name_key VARBINARY(1020) NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
-- The names of the items made before: only if there is one without a name_key (the look reads without locking; an
-- UPDATE that scans the table would lock every row it reads, at InnoDB's default REPEATABLE READ, until it ends).
SET @trash_ddl = IF(EXISTS (SELECT 1 FROM trash_item WHERE name_key IS NULL),
    'UPDATE trash_item SET name_key = CAST(LEFT(LOWER(name), 255) AS BINARY) WHERE name_key IS NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
-- Listing by expiry (also what expiringWithin lists), by size, by name; each with its (value, id) keyset cursor.
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_by_workspace_expiry') = 0,
    'CREATE INDEX trash_item_by_workspace_expiry ON trash_item (workspace, expires_at, id)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_by_workspace_size') = 0,
    'CREATE INDEX trash_item_by_workspace_size ON trash_item (workspace, size_bytes, id)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_by_workspace_name') = 0,
    'CREATE INDEX trash_item_by_workspace_name ON trash_item (workspace, name_key, id)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
-- The items to warn of, not warned yet, by expiry: inside one workspace, and across workspaces.
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_to_warn') = 0,
    'CREATE INDEX trash_item_to_warn ON trash_item (workspace, warned_at, expires_at)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_to_warn_any') = 0,
    'CREATE INDEX trash_item_to_warn_any ON trash_item (warned_at, expires_at)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
