package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import java.util.List;

/** The behaviour suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbBehaviourTest extends TrashBehaviourSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
