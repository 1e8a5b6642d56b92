package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBeyondSuite;
import java.util.List;

/** The suite of holds, previews, restore elsewhere, bulk, retention policies and actors on the in-memory backend. */
class InMemoryBeyondTest extends TrashBeyondSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
