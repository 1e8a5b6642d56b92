package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashConcurrencySuite;
import java.util.List;

/** The concurrency suite on the in-memory backend. */
class InMemoryConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
