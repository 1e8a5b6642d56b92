-- trash-jdbi schema, version 5, H2 (2.x): nothing to change. On PostgreSQL this version makes the sweeper's claim a HOT
-- update (no index entry written). H2 updates only the indexes whose columns an UPDATE changes, and a claim changes none
-- (it writes purge_owner and available_at, which no index holds, and leaves due_at). The script exists so that every
-- database's schema has the same versions (Flyway location classpath:dev/trash/jdbi/schema/h2, history table
-- flyway_trash_history). Its one statement sets a session variable, the same however often it runs.
SET @trash_schema_version = 5;
