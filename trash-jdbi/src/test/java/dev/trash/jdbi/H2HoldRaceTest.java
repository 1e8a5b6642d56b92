package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashHoldRaceSuite;
import java.util.List;

/** The hold and restore-elsewhere races of trash-core on H2, 50 rounds each (PostgreSQL runs 200). */
class H2HoldRaceTest extends TrashHoldRaceSuite {
    @Override
    protected int rounds() {
        return 50;
    }

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
