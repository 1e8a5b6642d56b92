package dev.trash;

import dev.trash.internal.Check;

/**
 * Names one resource of the host: its declared type and its id, unique within the type.
 * Immutable and thread-safe.
 *
 * @param type a type declared to the manager, e.g. {@code project}
 * @param id the host's id of the resource, e.g. {@code p-42}
 */
public record ResourceRef(String type, String id) {
    /**
     * Validates both parts.
     *
     * @param type a type declared to the manager, e.g. {@code project}
     * @param id the host's id of the resource, e.g. {@code p-42}
     */
    public ResourceRef {
        Check.text(type, "resource type");
        Check.text(id, "resource id");
    }

    /**
     * {@return a reference to resource {@code id} of type {@code type}}
     *
     * @param type a type declared to the manager, e.g. {@code project}
     * @param id the host's id of the resource, e.g. {@code p-42}
     */
    public static ResourceRef of(String type, String id) {
        return new ResourceRef(type, id);
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
