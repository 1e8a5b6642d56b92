package dev.trash;

/**
 * Where a type's slug must be unique among active (not trashed) resources. Used by restore to
 * find a free slug when the original was taken meanwhile (SPEC R11).
 */
public enum SlugScope {
    /** Unique among the active resources of the type in the same workspace (e.g. projects). */
    WORKSPACE,
    /** Unique among the active resources of the type under the same parent (e.g. models of a project). */
    PARENT
}
