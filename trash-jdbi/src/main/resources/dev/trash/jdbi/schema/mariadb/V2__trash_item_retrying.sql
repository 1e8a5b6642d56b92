-- trash-jdbi schema, version 2, MariaDB and MySQL: an index for the items waiting for a retry of a failed purge.
-- TrashManager.totals() (the metrics' trash.retrying gauge and the health check, SPEC R31) counts the items whose purge
-- failed (attempts > 0) across all workspaces every few seconds; without this index that is a scan of the whole table.
-- No partial index here: the index is on attempts, which is 0 for all but the failed items.
-- Applied in place to a version-1 schema, keeping every item: by JdbiTrash.createSchemaIfMissing(), which runs every
-- script in order (under its named lock), or by Flyway (location classpath:dev/trash/jdbi/schema/mariadb, history table
-- flyway_trash_history). Re-runnable: MySQL has no CREATE INDEX IF NOT EXISTS, so the index is created only if
-- information_schema does not list it yet.
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND INDEX_NAME = 'trash_item_retrying') = 0,
    'CREATE INDEX trash_item_retrying ON trash_item (attempts)', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
