package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import java.util.List;

/** The behaviour suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresBehaviourTest extends TrashBehaviourSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
