package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashNestingSuite;
import java.util.List;

/** The folders-in-folders suite on the in-memory backend. */
class InMemoryNestingTest extends TrashNestingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
