/**
 * trash-core: the Trash domain, the {@link dev.trash.TrashManager} API, the ports a backend
 * implements ({@code dev.trash.spi}) and the complete in-memory backend ({@code dev.trash.memory}).
 * The implementation ({@code dev.trash.internal}) is not exported. No dependency beyond the JDK.
 */
module dev.trash.core {
    exports dev.trash;
    exports dev.trash.spi;
    exports dev.trash.memory;
}
