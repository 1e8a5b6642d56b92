package dev.trash.internal;

import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.ExpiryWarnings;
import dev.trash.spi.RetentionPolicy;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where {@link TrashManager.Builder#build()} makes the manager: the one way to construct the
 * implementation, which is otherwise hidden (this package is not exported). Thread-safe.
 */
public final class Managers {
    private Managers() {
    }

    /**
     * {@return a manager over {@code backend}, after checking its types (SPEC R25) and the backend
     *     (R26)}
     *
     * @throws dev.trash.ConfigurationException if either check fails
     */
    public static TrashManager create(TrashBackend backend, Clock clock, Duration retention, List<PurgeHook> hooks,
                                      StorageLedger ledger, List<TrashListener> listeners, SweeperOptions purgeOptions,
                                      RetentionPolicy policy, Duration warnBefore, ExpiryWarnings warnings) {
        return new DefaultTrashManager(backend, clock, retention, hooks, ledger, listeners, purgeOptions, policy,
                warnings == null ? java.util.Optional.empty() : java.util.Optional.of(new Warner.Config(warnBefore, warnings)));
    }
}
