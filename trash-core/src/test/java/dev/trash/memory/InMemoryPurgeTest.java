package dev.trash.memory;

import dev.trash.testkit.TrashPurgeSuite;
import dev.trash.testkit.TrashBackend;

/** The purge behaviour suite on the in-memory store. */
class InMemoryPurgeTest extends TrashPurgeSuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
