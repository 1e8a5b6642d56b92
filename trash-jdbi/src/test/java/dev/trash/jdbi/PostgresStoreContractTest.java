package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashStoreContractSuite;
import java.util.List;

/** The store-contract suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresStoreContractTest extends TrashStoreContractSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return PostgresBackend.create(types);
    }
}
