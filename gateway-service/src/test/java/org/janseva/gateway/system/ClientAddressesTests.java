package org.janseva.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTests {

    @Test
    void shouldTakeTheEntryAppendedByTheLastTrustedProxy() {
        assertThat(ClientAddresses.fromForwardedFor(List.of("198.51.100.7"), 1)).isEqualTo("198.51.100.7");
        // what the client wrote itself comes first and is never taken
        assertThat(ClientAddresses.fromForwardedFor(List.of("10.0.0.1, 198.51.100.7"), 1))
                .isEqualTo("198.51.100.7");
        assertThat(ClientAddresses.fromForwardedFor(List.of("forged", "198.51.100.7, 10.1.2.3"), 2))
                .isEqualTo("198.51.100.7");
        assertThat(ClientAddresses.fromForwardedFor(List.of("2001:db8::1"), 1)).isEqualTo("2001:db8::1");
    }

    @Test
    void shouldRefuseMissingShortOrImplausibleHeaders() {
        assertThat(ClientAddresses.fromForwardedFor(null, 1)).isNull();
        assertThat(ClientAddresses.fromForwardedFor(List.of(), 1)).isNull();
        assertThat(ClientAddresses.fromForwardedFor(List.of("198.51.100.7"), 2)).isNull();
        assertThat(ClientAddresses.fromForwardedFor(List.of("<script>"), 1)).isNull();
        assertThat(ClientAddresses.fromForwardedFor(List.of("1.2.3.4, "), 1)).isNull();
        assertThat(ClientAddresses.fromForwardedFor(List.of("1".repeat(46)), 1)).isNull();
    }
}
