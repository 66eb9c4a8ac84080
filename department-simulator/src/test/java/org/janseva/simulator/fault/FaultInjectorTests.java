package org.janseva.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FaultInjectorTests {

    @Test
    void shouldFailExactlyTheShareOfCallsItIsAskedTo() {
        assertThat(failures(100, 0.25)).isEqualTo(25);
        assertThat(failures(100, 0.5)).isEqualTo(50);
        assertThat(failures(90, 1.0 / 3)).isEqualTo(30);
        assertThat(failures(100, 0)).isZero();
        assertThat(failures(100, 1)).isEqualTo(100);
    }

    @Test
    void shouldSpreadFailuresEvenlyRatherThanInABurst() {
        assertThat(FaultInjector.fails(1, 0.5)).isFalse();
        assertThat(FaultInjector.fails(2, 0.5)).isTrue();
        assertThat(FaultInjector.fails(3, 0.5)).isFalse();
        assertThat(FaultInjector.fails(4, 0.5)).isTrue();
    }

    private static long failures(long calls, double rate) {
        return LongStream.rangeClosed(1, calls)
                .filter(n -> FaultInjector.fails(n, rate))
                .count();
    }
}
