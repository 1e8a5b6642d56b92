package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashNestingSuite;
import java.util.List;

/** The suite of folders in folders (SPEC R37) of trash-core, unchanged, on H2. */
class H2NestingTest extends TrashNestingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
