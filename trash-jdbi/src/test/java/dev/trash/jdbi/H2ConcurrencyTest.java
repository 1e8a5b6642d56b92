package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashConcurrencySuite;
import java.util.List;

/** The concurrency suite of trash-core, unchanged, on H2. */
class H2ConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return H2Backend.create(types);
    }
}
