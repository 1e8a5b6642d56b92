package dev.trash;

import dev.trash.internal.Check;
import java.time.Instant;

/**
 * A hold on a trash item (SPEC R32): while it is in place, nothing purges the item — not the
 * sweeper, not Empty Trash, not a manual purge, not the purge of an item it is nested in — even
 * past its expiry; the item stays listed and restorable. Immutable and thread-safe.
 *
 * @param reason why the item is held (e.g. {@code "litigation 2026-17"}): not blank, at most
 *     255 characters, no control characters
 * @param by who placed it
 * @param at when it was placed, from the manager's clock
 */
public record Hold(String reason, ActorId by, Instant at) {
    /**
     * Validates every component.
     *
     * @param reason why the item is held (e.g. {@code "litigation 2026-17"}): not blank, at most
     *     255 characters, no control characters
     * @param by who placed it
     * @param at when it was placed, from the manager's clock
     */
    public Hold {
        Check.text(reason, "hold reason");
        Check.notNull(by, "by");
        Check.notNull(at, "at");
    }
}
