package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashSafetySuite;
import java.util.List;

/** The safety suite on the in-memory backend. */
class InMemorySafetyTest extends TrashSafetySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
