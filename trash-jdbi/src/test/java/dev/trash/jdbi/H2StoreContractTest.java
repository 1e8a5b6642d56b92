package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashStoreContractSuite;
import java.util.List;

/** The store-contract suite of trash-core, unchanged, on H2. */
class H2StoreContractTest extends TrashStoreContractSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
