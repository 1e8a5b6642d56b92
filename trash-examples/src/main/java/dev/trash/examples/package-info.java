/**
 * Runnable examples of trash. {@link dev.trash.examples.QuickStart} walks through the core API on
 * the in-memory backend; the reference ML platform, its HTTP API and the benchmarks come later.
 */
package dev.trash.examples;
