package dev.trash.spi;

import dev.trash.TrashItem;
import java.util.List;

/**
 * Port: told by the sweeper about items that will expire soon (SPEC R39), a configurable time
 * before their expiry ({@link dev.trash.TrashManager.Builder#expiryWarnings}), so the host can
 * e.g. mail their owners. Each item is told at most once, whatever the number of sweepers and
 * restarts (the store records it): never twice, never for an item restored or held before its
 * warning. If {@link #warn} throws, the items of that call are not recorded as warned, and the next
 * sweep tells them again. Called outside any transaction, on the sweeper's thread, with the items of
 * one workspace. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ExpiryWarnings {
    /**
     * Tells about items of one workspace that expire within the configured time.
     *
     * @param items the items, as the Trash lists them now (their {@code expiresAt} says when)
     * @throws Exception if the host could not take them: they are offered again on the next sweep
     */
    void warn(List<TrashItem> items) throws Exception;
}
