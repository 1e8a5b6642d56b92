/**
 * The test kit every store must pass, shipped in trash-core's test-jar: the behaviour suite (SPEC
 * rules by id, {@link dev.trash.testkit.TrashBehaviourSuite}), the store-contract suite
 * ({@link dev.trash.testkit.TrashStoreContractSuite}) and the concurrency suite
 * ({@link dev.trash.testkit.TrashConcurrencySuite}). A store author extends each suite and
 * implements {@link dev.trash.testkit.TrashBackend} for the reference types of
 * {@link dev.trash.testkit.ReferenceTypes}.
 */
package dev.trash.testkit;
