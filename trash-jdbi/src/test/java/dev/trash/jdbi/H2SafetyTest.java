package dev.trash.jdbi;

import dev.trash.testkit.TrashSafetySuite;
import dev.trash.testkit.TrashBackend;

/** The safety suite of trash-core, unchanged, on H2. */
class H2SafetyTest extends TrashSafetySuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
