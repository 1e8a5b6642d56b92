package dev.trash.examples.platform;

import java.util.Optional;

/**
 * The databases the platform's tests run on: the embedded H2 of the data folder, and PostgreSQL 17
 * and MariaDB 11.4 (both embedded, one server per JVM) by JDBC URL.
 */
enum TestDatabase {
    H2,
    POSTGRESQL,
    MARIADB;

    /** @return the JDBC URL to give {@link Platform#open}: none for H2 (the data folder's), else a new database */
    Optional<String> newJdbcUrl() {
        return switch (this) {
            case H2 -> Optional.empty();
            case POSTGRESQL -> Optional.of(EmbeddedPostgres17.newDatabaseUrl());
            case MARIADB -> Optional.of(EmbeddedMariaDb.newDatabaseUrl());
        };
    }
}
