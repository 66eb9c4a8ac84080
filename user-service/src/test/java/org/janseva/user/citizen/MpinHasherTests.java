package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.janseva.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class MpinHasherTests {

    private static MpinHasher hasher(int perSecond, Duration queueTimeout) {
        return new MpinHasher(
                new MpinProperties(
                        "a-pepper-of-sixteen+",
                        5,
                        Duration.ofMinutes(30),
                        Duration.ofHours(24),
                        1024,
                        1,
                        1,
                        1,
                        perSecond,
                        queueTimeout),
                new SimpleMeterRegistry());
    }

    @Test
    void shouldMatchOnlyTheSameMpinUnderTheSamePepper() {
        MpinHasher hasher = hasher(1000, Duration.ofSeconds(2));
        String stored = hasher.hash("730158");

        assertThat(stored).startsWith("$argon2id$");
        assertThat(hasher.matches("730158", stored)).isTrue();
        assertThat(hasher.matches("730159", stored)).isFalse();
        assertThat(hasher.matches("730158", null)).isFalse();
        MpinHasher otherPepper = new MpinHasher(
                new MpinProperties(
                        "another-pepper-16chars",
                        5,
                        Duration.ofMinutes(30),
                        Duration.ofHours(24),
                        1024,
                        1,
                        1,
                        1,
                        1000,
                        Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
        assertThat(otherPepper.matches("730158", stored)).isFalse();
    }

    @Test
    void shouldRefuseAHashBeyondItsRateInsteadOfQueueingForever() {
        MpinHasher hasher = hasher(1, Duration.ofMillis(100));
        hasher.hash("730158");

        assertThatThrownBy(() -> hasher.hash("730158"))
                .isInstanceOfSatisfying(
                        ApiException.class, ex -> assertThat(ex.getCode()).isEqualTo("LOGIN_BUSY"));
    }

    @Test
    void shouldRefuseToStartWithoutAPepper() {
        assertThatThrownBy(() -> new MpinHasher(
                        new MpinProperties(
                                null,
                                5,
                                Duration.ofMinutes(30),
                                Duration.ofHours(24),
                                1024,
                                1,
                                1,
                                1,
                                10,
                                Duration.ofSeconds(2)),
                        new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pepper");
    }
}
