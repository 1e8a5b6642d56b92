package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashListingSuite;
import java.util.List;

/** The listing suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbListingTest extends TrashListingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
