package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashHoldRaceSuite;
import java.util.List;

/** The hold and restore-elsewhere races of trash-core, 200 rounds each, on PostgreSQL 17 (embedded). */
class PostgresHoldRaceTest extends TrashHoldRaceSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
