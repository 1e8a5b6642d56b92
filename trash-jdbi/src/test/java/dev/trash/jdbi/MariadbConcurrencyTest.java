package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashConcurrencySuite;
import java.util.List;

/** The concurrency suite of trash-core, unchanged, on MariaDB 11.4 (embedded). */
class MariadbConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return MariadbBackend.create(types);
    }
}
