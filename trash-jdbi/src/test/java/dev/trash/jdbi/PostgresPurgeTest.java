package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashPurgeSuite;
import java.util.List;

/** The purge suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresPurgeTest extends TrashPurgeSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
