package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The "expires in" figure: whole days rounded up, never 0 while the item is listed. */
class ExpiresInTest {
    private static final Instant EXPIRY = Instant.parse("2026-04-01T00:00:00Z");

    private static long daysLeft(Duration left) {
        return DefaultTrashManager.expiresInDays(EXPIRY.minus(left), EXPIRY);
    }

    @Test
    @DisplayName("R7 expires-in rounds up to whole days and is at least 1d while listed")
    void roundsUp() {
        assertThat(daysLeft(Duration.ofDays(30))).isEqualTo(30);
        assertThat(daysLeft(Duration.ofDays(29).plusNanos(1000))).isEqualTo(30);
        assertThat(daysLeft(Duration.ofDays(29))).isEqualTo(29);
        assertThat(daysLeft(Duration.ofHours(23))).isEqualTo(1);
        assertThat(daysLeft(Duration.ofNanos(1000))).isEqualTo(1);
        assertThat(daysLeft(Duration.ZERO)).isZero();
        assertThat(DefaultTrashManager.expiresInDays(EXPIRY.plusSeconds(5), EXPIRY)).isZero();
    }
}
