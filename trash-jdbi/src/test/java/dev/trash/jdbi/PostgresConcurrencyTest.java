package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashConcurrencySuite;
import java.util.List;

/** The concurrency suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
