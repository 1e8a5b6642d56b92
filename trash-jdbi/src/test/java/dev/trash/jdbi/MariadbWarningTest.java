package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashWarningSuite;
import java.util.List;

/** The expiry warnings suite of trash-core (SPEC R39), unchanged, on MariaDB. */
class MariadbWarningTest extends TrashWarningSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
