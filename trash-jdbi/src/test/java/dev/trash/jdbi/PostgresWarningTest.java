package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashWarningSuite;
import java.util.List;

/** The expiry warnings suite of trash-core (SPEC R39), unchanged, on PostgreSQL. */
class PostgresWarningTest extends TrashWarningSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
