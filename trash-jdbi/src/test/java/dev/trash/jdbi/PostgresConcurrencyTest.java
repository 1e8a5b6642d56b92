package dev.trash.jdbi;

import dev.trash.testkit.TrashConcurrencySuite;
import dev.trash.testkit.TrashBackend;

/** The concurrency suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
