-- trash-jdbi schema, version 5, PostgreSQL: the sweeper's claim as a HOT update.
-- A claim writes purge_owner and available_at, and leaves due_at as it is (a due item's due time has passed). When no
-- index holds a column an UPDATE changes, PostgreSQL writes the new row version on the same page without a new entry in
-- each of the table's indexes (a HOT update), if the page has room for it. So: the warnings' partial index no longer
-- names purge_owner in its predicate (the warnings' claim tests it on the row; the index then also holds the few claimed
-- items not warned yet), and trash_item keeps a tenth of each page free for the claims' new row versions (fillfactor
-- 90; pages already written get it as they are rewritten, or by VACUUM FULL).
-- Applied in place to a schema of version 1 to 4, keeping every item: by JdbiTrash.createSchemaIfMissing(), which runs
-- every script in order, or by Flyway (location classpath:dev/trash/jdbi/schema/postgresql, history table
-- flyway_trash_history). Re-runnable: the index is made again only while its predicate names purge_owner.
ALTER TABLE trash_item SET (fillfactor = 90);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE i.indrelid = 'trash_item'::regclass AND c.relname = 'trash_item_to_warn'
               AND pg_get_expr(i.indpred, i.indrelid) LIKE '%purge_owner%') THEN
        DROP INDEX trash_item_to_warn;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS trash_item_to_warn ON trash_item (expires_at, workspace)
    WHERE warned_at IS NULL AND held_at IS NULL;
