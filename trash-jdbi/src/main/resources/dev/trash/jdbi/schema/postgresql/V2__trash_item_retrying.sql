-- trash-jdbi schema, version 2, PostgreSQL: an index for the items waiting for a retry of a failed purge.
-- TrashManager.totals() (the metrics' trash.retrying gauge and the health check, SPEC R31) counts the items whose purge
-- failed (attempts > 0) across all workspaces every few seconds; without this index that is a scan of the whole table.
-- Partial: it holds only the few failed items, so it costs nothing for the others.
-- Applied in place to a version-1 schema, keeping every item: by JdbiTrash.createSchemaIfMissing(), which runs every
-- script in order, or by Flyway (location classpath:dev/trash/jdbi/schema/postgresql, history table
-- flyway_trash_history). Re-runnable: IF NOT EXISTS.
CREATE INDEX IF NOT EXISTS trash_item_retrying ON trash_item (due_at) WHERE attempts > 0;
