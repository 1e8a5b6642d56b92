package dev.trash.jdbi;

import dev.trash.testkit.TrashListingSuite;
import dev.trash.testkit.TrashBackend;

/** The listing suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresListingTest extends TrashListingSuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
