/**
 * The Jdbi 3 adapter of trash, for PostgreSQL, MariaDB (and MySQL) and H2. Start at
 * {@link dev.trash.jdbi.JdbiTrash}: one backend that holds the trash-item store, the transactions
 * the library and the host share, and the host's resources by table convention, each type
 * described once by a
 * {@link dev.trash.jdbi.ResourceTable}; the schema ships in the jar (see
 * {@link dev.trash.jdbi.Database#schemaLocation()}). Every statement names the workspace it works in.
 * What differs between databases lives behind one package-private dialect per
 * {@link dev.trash.jdbi.Database}.
 */
package dev.trash.jdbi;
