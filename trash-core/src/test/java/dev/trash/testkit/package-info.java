/**
 * The test kit every backend must pass, shipped in trash-core's test-jar: the behaviour suites
 * (SPEC rules by id: {@link dev.trash.testkit.TrashBehaviourSuite},
 * {@link dev.trash.testkit.TrashListingSuite}, {@link dev.trash.testkit.TrashPurgeSuite},
 * {@link dev.trash.testkit.TrashSafetySuite}), the store-contract suite
 * ({@link dev.trash.testkit.TrashStoreContractSuite}) and the concurrency suite
 * ({@link dev.trash.testkit.TrashConcurrencySuite}). A backend author extends each suite and
 * implements {@link dev.trash.testkit.TrashFixture#newBackend}, returning a
 * {@link dev.trash.testkit.SuiteBackend} over the types it is given (the
 * {@link dev.trash.testkit.ReferenceTypes}, possibly with other retentions).
 * {@link dev.trash.testkit.Fault} decorates a backend to crash at a chosen call;
 * {@link dev.trash.testkit.States} holds the conditions core hands a store.
 */
package dev.trash.testkit;
