package dev.trash.memory;

import dev.trash.testkit.TrashListingSuite;
import dev.trash.testkit.TrashBackend;

/** The listing behaviour suite on the in-memory store. */
class InMemoryListingTest extends TrashListingSuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
