package dev.trash.internal;

import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import java.lang.System.Logger.Level;
import java.util.List;

/** Hands events to the listeners; a listener that throws is logged and skipped. Thread-safe. */
final class Events {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    private final List<TrashListener> listeners;

    Events(List<TrashListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(TrashEvent event) {
        for (TrashListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "listener " + listener.getClass().getName() + " failed on " + event, e);
            }
        }
    }
}
