/**
 * Runnable examples of trash. {@link dev.trash.examples.QuickStart} walks through the core API on
 * the in-memory backend and {@link dev.trash.examples.JdbiQuickStart} the same on the host's own
 * tables through trash-jdbi; {@link dev.trash.examples.TrashTable} prints items as the Trash shows
 * them. The subpackages hold the rest: {@code platform}, the reference ML platform rebuilt on the
 * library (the demo, the HTTP API and the Trash page); {@code documents}, folders in folders;
 * {@code spring}, the Trash in a Spring Boot application; {@code bench}, the benchmark runner.
 */
package dev.trash.examples;
