package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashNestingSuite;
import java.util.List;

/** The suite of folders in folders (SPEC R37) of trash-core, unchanged, on MariaDB 11.4 (embedded; InnoDB foreign keys, checked row by row). */
class MariadbNestingTest extends TrashNestingSuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
