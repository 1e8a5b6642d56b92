package dev.trash.jdbi;

import dev.trash.testkit.TrashListingSuite;
import dev.trash.testkit.TrashBackend;

/** The listing suite of trash-core, unchanged, on H2. */
class H2ListingTest extends TrashListingSuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
