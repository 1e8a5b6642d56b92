package dev.trash.jdbi;

import dev.trash.testkit.TrashPurgeSuite;
import dev.trash.testkit.TrashBackend;

/** The purge suite of trash-core, unchanged, on H2. */
class H2PurgeTest extends TrashPurgeSuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
