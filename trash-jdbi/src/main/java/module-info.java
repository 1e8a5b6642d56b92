/**
 * trash-jdbi: the Jdbi 3 adapter of trash for PostgreSQL, MariaDB (and MySQL) and H2
 * ({@link dev.trash.jdbi.JdbiTrash}).
 * Exports its one package, whose public types are the adapter's API; dialects, store and
 * resources stay package-private. Core and Jdbi types appear in its signatures, so both are
 * required transitively.
 */
module dev.trash.jdbi {
    requires transitive dev.trash.core;
    requires transitive org.jdbi.v3.core;
    requires transitive java.sql;

    exports dev.trash.jdbi;
}
