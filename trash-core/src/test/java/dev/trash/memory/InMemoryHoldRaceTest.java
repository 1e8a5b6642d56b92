package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashHoldRaceSuite;
import java.util.List;

/** The hold and restore-elsewhere races on the in-memory backend. */
class InMemoryHoldRaceTest extends TrashHoldRaceSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return new InMemoryBackend(types);
    }
}
