package dev.trash.jdbi;

import dev.trash.testkit.TrashBehaviourSuite;
import dev.trash.testkit.TrashBackend;

/** The behaviour suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresBehaviourTest extends TrashBehaviourSuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
