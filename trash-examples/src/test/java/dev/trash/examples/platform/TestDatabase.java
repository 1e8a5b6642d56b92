package dev.trash.examples.platform;

import java.util.Optional;

/** The databases the platform's tests run on: the embedded H2 of the data folder, and PostgreSQL 17 by JDBC URL. */
enum TestDatabase {
    H2,
    POSTGRESQL;

    /** @return the JDBC URL to give {@link Platform#open}: none for H2 (the data folder's), a new database for PostgreSQL */
    Optional<String> newJdbcUrl() {
        return this == H2 ? Optional.empty() : Optional.of(EmbeddedPostgres17.newDatabaseUrl());
    }
}
