package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import java.util.List;

/** The behaviour suite of trash-core, unchanged, on H2. */
class H2BehaviourTest extends TrashBehaviourSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
