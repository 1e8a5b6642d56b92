/**
 * trash-jdbi: the Jdbi 3 adapter of trash for PostgreSQL, MariaDB (and MySQL) and H2
 * ({@link dev.trash.jdbi.JdbiTrash}).
 * Exports its package, whose public types are the adapter's API (dialects, store and resources stay
 * package-private), and the packages of the optional integrations: Spring transactions and the
 * Spring Boot auto-configuration ({@code dev.trash.jdbi.spring}) and Micrometer metrics
 * ({@code dev.trash.jdbi.micrometer}). Core and Jdbi types appear in its signatures, so both are
 * required transitively; the frameworks are required {@code static}: a host without them runs the
 * adapter as it is, and nothing of them is loaded.
 */
module dev.trash.jdbi {
    requires transitive dev.trash.core;
    requires transitive org.jdbi.v3.core;
    requires transitive java.sql;

    requires static spring.core;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.tx;
    requires static spring.jdbc;
    requires static spring.boot;
    requires static spring.boot.autoconfigure;
    requires static spring.boot.actuator;
    requires static micrometer.core;

    exports dev.trash.jdbi;
    exports dev.trash.jdbi.spring;
    exports dev.trash.jdbi.micrometer;
}
