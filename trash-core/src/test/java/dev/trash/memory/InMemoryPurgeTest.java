package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashPurgeSuite;
import java.util.List;

/** The purge suite on the in-memory backend. */
class InMemoryPurgeTest extends TrashPurgeSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
