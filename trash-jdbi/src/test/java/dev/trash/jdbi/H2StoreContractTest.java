package dev.trash.jdbi;

import dev.trash.testkit.TrashStoreContractSuite;
import dev.trash.testkit.TrashBackend;

/** The store-contract suite of trash-core, unchanged, on H2. */
class H2StoreContractTest extends TrashStoreContractSuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
