package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.testkit.States;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The test kit hands stores the conditions and changes of {@link States}; they must be exactly
 * those of core's purge state machine, so that the store-contract suite tests what the manager and
 * the sweeper really send.
 */
class ItemStatesTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    @DisplayName("the test kit's conditions and changes are core's, node for node")
    void kitMatchesCore() {
        assertThat(States.inTrash()).isEqualTo(ItemStates.inTrash());
        assertThat(States.listed(T)).isEqualTo(ItemStates.listed(T));
        assertThat(States.listed(T)).isEqualTo(ItemStates.restorable(T));
        assertThat(States.expired(T)).isEqualTo(ItemStates.expired(T));
        assertThat(States.due(T)).isEqualTo(ItemStates.due(T));
        assertThat(States.claimable(T)).isEqualTo(ItemStates.claimable(T));
        assertThat(States.held()).isEqualTo(ItemStates.held());
        assertThat(States.holdable(T)).isEqualTo(ItemStates.holdable(T));
        assertThat(States.ownedBy("sweeper-1")).isEqualTo(ItemStates.ownedBy("sweeper-1"));
        assertThat(States.claim("o", T)).isEqualTo(ItemStates.claim("o", T));
        assertThat(States.handBack("o", T)).isEqualTo(ItemStates.handBack("o", T));
        assertThat(States.failed("o", T, 3, "down")).isEqualTo(ItemStates.failed("o", T, 3, "down"));
    }
}
