-- trash-jdbi schema, version 2, MariaDB: an index for the items waiting for a retry of a failed purge.
-- TrashManager.totals() (the metrics' trash.retrying gauge and the health check, SPEC R31) counts the items whose purge
-- failed (attempts > 0) across all workspaces every few seconds; without this index that is a scan of the whole table.
-- MariaDB has no partial index: the index is on attempts, which is 0 for all but the failed items.
-- Applied in place to a version-1 schema, keeping every item: by JdbiTrash.createSchemaIfMissing(), which runs every
-- script in order, or by Flyway (location classpath:dev/trash/jdbi/schema/mariadb, history table flyway_trash_history).
-- Re-runnable on MariaDB (CREATE INDEX IF NOT EXISTS); MySQL has no IF NOT EXISTS for indexes, so there this script
-- is for Flyway, which runs it once.
CREATE INDEX IF NOT EXISTS trash_item_retrying ON trash_item (attempts);
