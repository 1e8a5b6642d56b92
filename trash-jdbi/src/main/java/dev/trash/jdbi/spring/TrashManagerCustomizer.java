package dev.trash.jdbi.spring;

import dev.trash.TrashManager;

/**
 * A bean that changes the {@link TrashManager.Builder} the auto-configuration builds the manager
 * with, after it has set the backend, the {@code trash.*} properties, the clock, the hooks, the
 * ledger and the listeners it found as beans: for anything the properties do not cover. Called in
 * {@code @Order}. Implementations are called once, on the thread that creates the manager.
 */
@FunctionalInterface
public interface TrashManagerCustomizer {
    /**
     * Changes {@code builder} before the manager is built.
     *
     * @param builder the builder to customize
     */
    void customize(TrashManager.Builder builder);
}
