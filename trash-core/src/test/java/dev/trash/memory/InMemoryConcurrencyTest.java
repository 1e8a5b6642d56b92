package dev.trash.memory;

import dev.trash.testkit.TrashBackend;
import dev.trash.testkit.TrashConcurrencySuite;

/** The concurrency suite on the in-memory store. */
class InMemoryConcurrencyTest extends TrashConcurrencySuite {
    @Override
    protected TrashBackend newBackend() {
        return new InMemoryBackend();
    }
}
