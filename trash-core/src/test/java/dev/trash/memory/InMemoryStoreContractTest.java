package dev.trash.memory;

import dev.trash.testkit.TrashBackend;
import dev.trash.testkit.TrashStoreContractSuite;

/** The store-contract suite on the in-memory store. */
class InMemoryStoreContractTest extends TrashStoreContractSuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
