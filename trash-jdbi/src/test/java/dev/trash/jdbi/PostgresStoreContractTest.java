package dev.trash.jdbi;

import dev.trash.testkit.TrashStoreContractSuite;
import dev.trash.testkit.TrashBackend;

/** The store-contract suite of trash-core, unchanged, on PostgreSQL 17 (embedded). */
class PostgresStoreContractTest extends TrashStoreContractSuite {
    @Override
    protected TrashBackend newBackend() {
        return PostgresBackend.create();
    }
}
