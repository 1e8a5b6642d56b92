-- trash-jdbi schema, version 3, H2 (2.x): the columns of a hold (SPEC R32).
-- A held item is never purged, even past its expiry, and stays listed and restorable: held_at is when the hold was
-- placed (NULL: not held), held_by who placed it (an actor id, at most 255 characters like deleted_by), hold_reason why
-- (at most 255 characters). The three are set together and cleared together (trash_item_hold).
-- No index: the conditions test held_at next to the indexed columns (due_at, deleted_at), and holds are rare.
-- Applied in place to a version-1 or version-2 schema, keeping every item (the new columns are NULL: nothing is held):
-- by JdbiTrash.createSchemaIfMissing(), which runs every script in order, or by Flyway (location
-- classpath:dev/trash/jdbi/schema/h2, history table flyway_trash_history).
-- Re-runnable: every statement is IF NOT EXISTS.
ALTER TABLE trash_item ADD COLUMN IF NOT EXISTS held_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE trash_item ADD COLUMN IF NOT EXISTS held_by VARCHAR(255);
ALTER TABLE trash_item ADD COLUMN IF NOT EXISTS hold_reason VARCHAR(255);
ALTER TABLE trash_item ADD CONSTRAINT IF NOT EXISTS trash_item_hold
    CHECK ((held_at IS NULL) = (held_by IS NULL) AND (held_at IS NULL) = (hold_reason IS NULL));
