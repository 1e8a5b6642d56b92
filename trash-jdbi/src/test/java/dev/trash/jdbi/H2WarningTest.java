package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashWarningSuite;
import java.util.List;

/** The expiry warnings suite of trash-core (SPEC R39), unchanged, on H2. */
class H2WarningTest extends TrashWarningSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
