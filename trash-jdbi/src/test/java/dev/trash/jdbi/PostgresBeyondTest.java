package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBeyondSuite;
import java.util.List;

/** The suite of holds, restore previews, restore elsewhere, bulk, retention policies and actors of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresBeyondTest extends TrashBeyondSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
