package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBeyondSuite;
import java.util.List;

/** The suite of holds, restore previews, restore elsewhere, bulk, retention policies and actors of trash-core, unchanged, on H2. */
class H2BeyondTest extends TrashBeyondSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
