-- trash-jdbi schema, version 3, MariaDB and MySQL: the columns of a hold (SPEC R32).
-- A held item is never purged, even past its expiry, and stays listed and restorable: held_at is when the hold was
-- placed (NULL: not held; DATETIME(6) holding UTC like the other times), held_by who placed it (an actor id, at most
-- 255 characters like deleted_by), hold_reason why (at most 255 characters). The three are set together and cleared
-- together (trash_item_hold; MariaDB 10.2+ and MySQL 8.0.16+ enforce it).
-- No index: the conditions test held_at next to the indexed columns (due_at, deleted_at), and holds are rare.
-- Applied in place to a version-1 or version-2 schema, keeping every item (the new columns are NULL: nothing is held;
-- InnoDB adds a nullable column without copying the table): by JdbiTrash.createSchemaIfMissing(), which runs every
-- script in order (under its named lock), or by Flyway (location classpath:dev/trash/jdbi/schema/mariadb, history table
-- flyway_trash_history).
-- Re-runnable: MySQL has no ADD COLUMN IF NOT EXISTS nor ADD CONSTRAINT IF NOT EXISTS, so each column is added only if
-- information_schema does not list it yet, and the constraint only if it does not list the constraint (each statement
-- is atomic; a run stopped between two of them is completed by the next).
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND COLUMN_NAME = 'held_at') = 0,
    'ALTER TABLE trash_item ADD COLUMN held_at DATETIME(6) NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND COLUMN_NAME = 'held_by') = 0,
    'ALTER TABLE trash_item ADD COLUMN held_by VARCHAR(255) NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND COLUMN_NAME = 'hold_reason') = 0,
    'ALTER TABLE trash_item ADD COLUMN hold_reason VARCHAR(255) NULL', 'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
        AND TABLE_NAME = 'trash_item' AND CONSTRAINT_NAME = 'trash_item_hold') = 0,
    'ALTER TABLE trash_item ADD CONSTRAINT trash_item_hold CHECK ((held_at IS NULL) = (held_by IS NULL) AND (held_at IS NULL) = (hold_reason IS NULL))',
    'DO 0');
PREPARE trash_ddl FROM @trash_ddl;
EXECUTE trash_ddl;
DEALLOCATE PREPARE trash_ddl;
