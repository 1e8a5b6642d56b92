package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashListingSuite;
import java.util.List;

/** The listing suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresListingTest extends TrashListingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
