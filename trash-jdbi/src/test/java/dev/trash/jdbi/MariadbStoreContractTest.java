package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashStoreContractSuite;
import java.util.List;

/** The store-contract suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbStoreContractTest extends TrashStoreContractSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
