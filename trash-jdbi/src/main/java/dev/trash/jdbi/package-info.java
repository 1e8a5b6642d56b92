/**
 * The Jdbi 3 adapter of trash, for PostgreSQL and H2. Start at {@link dev.trash.jdbi.JdbiTrash}: it
 * gives the trash-item store, the transactions the library and the host share, and the host's
 * resources by table convention ({@link dev.trash.jdbi.ResourceTable}); the schema ships in the jar
 * (see {@link dev.trash.jdbi.Database#schemaLocation()}).
 */
package dev.trash.jdbi;
