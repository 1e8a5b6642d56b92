package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashStoreContractSuite;
import java.util.List;

/** The store-contract suite on the in-memory backend. */
class InMemoryStoreContractTest extends TrashStoreContractSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
