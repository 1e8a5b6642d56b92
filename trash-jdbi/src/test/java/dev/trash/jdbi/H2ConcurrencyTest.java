package dev.trash.jdbi;

import dev.trash.testkit.TrashConcurrencySuite;
import dev.trash.testkit.TrashBackend;

/** The concurrency suite of trash-core, unchanged, on H2. */
class H2ConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
