package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashPurgeSuite;
import java.util.List;

/** The purge suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbPurgeTest extends TrashPurgeSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
