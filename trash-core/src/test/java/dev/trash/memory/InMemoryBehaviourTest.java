package dev.trash.memory;

import dev.trash.testkit.TrashBackend;
import dev.trash.testkit.TrashBehaviourSuite;

/** The behaviour suite on the in-memory store. */
class InMemoryBehaviourTest extends TrashBehaviourSuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
