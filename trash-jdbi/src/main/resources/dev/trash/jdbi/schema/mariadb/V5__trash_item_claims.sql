-- trash-jdbi schema, version 5, MariaDB and MySQL: nothing to change. On PostgreSQL this version makes the sweeper's
-- claim a HOT update (no index entry written). InnoDB already updates only the secondary indexes whose columns an UPDATE
-- changes, and a claim changes none (it writes purge_owner and available_at, which no index holds, and leaves due_at).
-- The script exists so that every database's schema has the same versions (Flyway location
-- classpath:dev/trash/jdbi/schema/mariadb, history table flyway_trash_history).
DO 0;
