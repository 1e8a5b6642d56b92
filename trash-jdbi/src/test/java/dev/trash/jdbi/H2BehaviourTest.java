package dev.trash.jdbi;

import dev.trash.testkit.TrashBehaviourSuite;
import dev.trash.testkit.TrashBackend;

/** The behaviour suite of trash-core, unchanged, on H2. */
class H2BehaviourTest extends TrashBehaviourSuite {
    @Override
    protected TrashBackend newBackend() {
        return H2Backend.create();
    }
}
