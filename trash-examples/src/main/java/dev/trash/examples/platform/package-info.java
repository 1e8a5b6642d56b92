/**
 * The reference ML platform rebuilt on the library: its data model on trash-jdbi
 * ({@link dev.trash.examples.platform.Platform}), the walkthrough the README's run command prints,
 * and the HTTP API of SPEC R24. Run it with {@link dev.trash.examples.platform.Main}.
 */
package dev.trash.examples.platform;
