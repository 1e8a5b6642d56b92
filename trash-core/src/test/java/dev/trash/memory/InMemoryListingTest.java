package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashListingSuite;
import java.util.List;

/** The listing suite on the in-memory backend. */
class InMemoryListingTest extends TrashListingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
