package dev.trash.jdbi;

import dev.trash.testkit.TrashPurgeSuite;
import dev.trash.testkit.TrashBackend;

/** The purge suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresPurgeTest extends TrashPurgeSuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
