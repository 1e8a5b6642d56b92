package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashSafetySuite;
import java.util.List;

/** The safety suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresSafetyTest extends TrashSafetySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
