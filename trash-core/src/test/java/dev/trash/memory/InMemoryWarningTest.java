package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashWarningSuite;
import java.util.List;

/** The expiry warning suite on the in-memory backend. */
class InMemoryWarningTest extends TrashWarningSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
