/**
 * The Trash's Micrometer metrics ({@link dev.trash.jdbi.micrometer.TrashMetrics}, SPEC R31), for
 * any {@link dev.trash.TrashManager}. Needs {@code io.micrometer:micrometer-core} on the class path,
 * an optional dependency of trash-jdbi: nothing here is loaded without it.
 */
package dev.trash.jdbi.micrometer;
