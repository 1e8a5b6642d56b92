package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashHoldRaceSuite;
import java.util.List;

/** The hold and restore-elsewhere races of trash-core on MariaDB 11.4 (embedded), 50 rounds each (PostgreSQL runs 200). */
class MariadbHoldRaceTest extends TrashHoldRaceSuite {
    @Override
    protected int rounds() {
        return 50;
    }

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
