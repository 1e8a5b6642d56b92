package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashPurgeSuite;
import java.util.List;

/** The purge suite of trash-core, unchanged, on H2. */
class H2PurgeTest extends TrashPurgeSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
