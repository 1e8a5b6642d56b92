package dev.trash.jdbi;

import dev.trash.testkit.TrashSafetySuite;
import dev.trash.testkit.TrashBackend;

/** The safety suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresSafetyTest extends TrashSafetySuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
