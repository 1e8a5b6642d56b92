/**
 * A small document manager on the library: folders in folders (a self-referencing table, SPEC R37)
 * holding documents, on H2 through {@code trash-jdbi}. See {@link dev.trash.examples.documents.DocumentManager}.
 */
package dev.trash.examples.documents;
