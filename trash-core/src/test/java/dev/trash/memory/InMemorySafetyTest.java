package dev.trash.memory;

import dev.trash.testkit.TrashSafetySuite;
import dev.trash.testkit.TrashBackend;

/** The safety behaviour suite on the in-memory store. */
class InMemorySafetyTest extends TrashSafetySuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
