package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashSafetySuite;
import java.util.List;

/** The safety suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbSafetyTest extends TrashSafetySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
