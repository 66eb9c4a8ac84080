package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundAddressGuardTests {

    /** Names resolve only as this map says: no DNS in unit tests. */
    private static final Map<String, String> NAMES = Map.of(
            "rto.karnataka.example", "203.0.113.10",
            "metadata.google.internal", "169.254.169.254",
            "localhost", "127.0.0.1",
            "user-service", "10.96.0.12",
            "sneaky.example", "10.20.30.40");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = NAMES.get(host);
        if (ip != null) {
            return new InetAddress[] {InetAddress.getByName(ip)};
        }
        if (host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    }

    private static OutboundAddressGuard guard(List<String> allowed, List<String> denied) {
        return new OutboundAddressGuard(
                new OutboundProperties(allowed, denied, List.of("redis.internal.example:6379")),
                List.of(
                        Map.entry("user-service", "http://user-service:8082"),
                        Map.entry("gateway-service", "http://localhost:8080"),
                        Map.entry("database", "tcp://10.96.0.50:5432")),
                OutboundAddressGuardTests::resolve);
    }

    @Test
    void shouldAllowAPublicDepartmentAndRefuseWhatThePlatformNeverCalls() {
        OutboundAddressGuard guard = guard(List.of(), List.of());

        assertThat(guard.refusal("https://rto.karnataka.example/api")).isEmpty();
        assertThat(guard.refusal("http://169.254.169.254/latest/meta-data"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("the cloud metadata address"));
        assertThat(guard.refusal("http://metadata.google.internal/computeMetadata/v1"))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("the cloud metadata address")
                        .contains("metadata.google.internal resolves to 169.254.169.254"));
        assertThat(guard.refusal("http://[fd00:ec2::254]/"))
                .hasValueSatisfying(r -> assertThat(r).contains("metadata"));
        assertThat(guard.refusal("http://169.254.1.1/"))
                .hasValueSatisfying(r -> assertThat(r).contains("link-local"));
        assertThat(guard.refusal("http://[fe80::1%25eth0]/")).isPresent();
        assertThat(guard.refusal("http://0.0.0.0/"))
                .hasValueSatisfying(r -> assertThat(r).contains("unspecified"));
        assertThat(guard.refusal("http://0.1.2.3/"))
                .hasValueSatisfying(r -> assertThat(r).contains("unspecified"));
        assertThat(guard.refusal("http://[::]/"))
                .hasValueSatisfying(r -> assertThat(r).contains("unspecified"));
        assertThat(guard.refusal("http://127.0.0.1:9000/"))
                .hasValueSatisfying(r -> assertThat(r).contains("loopback"));
        assertThat(guard.refusal("http://[::1]/"))
                .hasValueSatisfying(r -> assertThat(r).contains("loopback"));
        assertThat(guard.refusal("http://239.1.2.3/"))
                .hasValueSatisfying(r -> assertThat(r).contains("multicast"));
        assertThat(guard.refusal("http://[ff02::1]/"))
                .hasValueSatisfying(r -> assertThat(r).contains("multicast"));
        assertThat(guard.refusal("http://255.255.255.255/"))
                .hasValueSatisfying(r -> assertThat(r).contains("broadcast"));
        assertThat(guard.refusal("ftp://rto.karnataka.example/")).contains("must be an http or https URL");
        assertThat(guard.refusal("file:///etc/passwd")).contains("must be an http or https URL");
        assertThat(guard.refusal("http://unknown.example/"))
                .hasValueSatisfying(r -> assertThat(r).contains("cannot be resolved"));
    }

    @Test
    void shouldSeeTheIpv4AddressInsideIpv6Forms() {
        OutboundAddressGuard guard = guard(List.of(), List.of());

        for (String url : List.of(
                "http://[::ffff:169.254.169.254]/", // IPv4-mapped
                "http://[::169.254.169.254]/", // IPv4-compatible
                "http://[64:ff9b::169.254.169.254]/", // NAT64
                "http://[2002:a9fe:a9fe::1]/", // 6to4 of 169.254.169.254
                "http://[::ffff:0:a9fe:a9fe]/", // SIIT IPv4-translated
                "http://[::ffff:0:169.254.169.254]/",
                "http://[64:ff9b:1::a9fe:a9fe]/", // local-use NAT64, /96
                "http://[64:ff9b:1:a9fe:a9:fe00::]/", // local-use NAT64, /48 (bits 64-71 skipped)
                "http://[64:ff9b:1:0:a9:fea9:fe00:0]/")) { // local-use NAT64, /64
            assertThat(guard.refusal(url))
                    .as(url)
                    .hasValueSatisfying(r -> assertThat(r).containsAnyOf("metadata", "link-local", "NAT64"));
        }
        assertThat(guard.refusal("http://[2001:db8::1]/")).isEmpty();
        OutboundAddressGuard translating = guard(List.of("64:ff9b:1::/48"), List.of());
        assertThat(translating.refusal("http://[64:ff9b:1::a9fe:a9fe]/"))
                .as("a network that translates through the local-use prefix: still not the metadata address")
                .hasValueSatisfying(r -> assertThat(r).contains("metadata"));
        assertThat(translating.refusal("http://[64:ff9b:1::c000:221]/"))
                .as("192.0.2.33")
                .isEmpty();
    }

    @Test
    void shouldRefuseThePlatformsOwnServicesEvenWhereLoopbackIsAllowed() {
        OutboundAddressGuard guard = guard(List.of("127.0.0.0/8", "::1/128"), List.of());
        guard.ownPort(8081);

        assertThat(guard.refusal("http://localhost:8090/departments/EPFO"))
                .as("the simulator")
                .isEmpty();
        assertThat(guard.refusal("http://127.0.0.1:8080/api/v1/admin/departments"))
                .as("the gateway, by its other name")
                .hasValueSatisfying(r -> assertThat(r).contains("the platform's own services"));
        assertThat(guard.refusal("http://localhost:8081/api"))
                .as("this process")
                .isPresent();
        assertThat(guard.refusal("http://user-service:8082/internal/v1/users/x/recent"))
                .isPresent();
        assertThat(guard.refusal("http://10.96.0.12:8082/"))
                .as("the same service by its address")
                .isPresent();
        assertThat(guard.refusal("http://10.96.0.12:9999/"))
                .as("another port of that host")
                .isEmpty();
        assertThat(guard.refusal("http://10.96.0.50:5432/")).as("the database").isPresent();
        assertThat(guard.refusal("http://169.254.169.254/"))
                .as("loopback allowed, metadata not")
                .isPresent();
        for (String alias : List.of(
                "http://[::ffff:0:7f00:1]:8081/",
                "http://[64:ff9b:1::7f00:1]:8081/",
                "http://[::ffff:127.0.0.1]:8081/")) {
            assertThat(guard.refusal(alias))
                    .as("this process behind an IPv6 form: " + alias)
                    .hasValueSatisfying(r -> assertThat(r).contains("the platform's own services"));
        }
    }

    @Test
    void shouldRefuseDeniedNetworksAndAllowOnlyWhatTheAllowListNames() {
        OutboundAddressGuard guard = guard(List.of("169.254.100.0/24"), List.of("10.0.0.0/8"));

        assertThat(guard.refusal("http://sneaky.example/"))
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("a network this deployment never calls")
                        .contains("sneaky.example resolves to 10.20.30.40"));
        assertThat(guard.refusal("http://169.254.100.7/")).isEmpty();
        assertThat(guard.refusal("http://169.254.169.254/")).isPresent();
        assertThatThrownBy(() -> guard(List.of("not-a-network"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDR");
        assertThatThrownBy(() -> guard(List.of("10.0.0.0/33"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseEveryAddressOfAHostWhenOneIsRefused() throws UnknownHostException {
        OutboundAddressGuard guard = new OutboundAddressGuard(
                new OutboundProperties(List.of(), List.of(), List.of()), List.of(), host -> new InetAddress[] {
                    InetAddress.getByName("203.0.113.10"), InetAddress.getByName("169.254.169.254")
                });

        assertThatThrownBy(() -> guard.check("two-faced.example", 443))
                .isInstanceOf(OutboundAddressGuard.RefusedAddressException.class)
                .hasMessageContaining("two-faced.example resolves to 169.254.169.254, port 443");
        assertThatThrownBy(() -> guard.dnsResolver().resolve("two-faced.example", 443))
                .isInstanceOf(UnknownHostException.class);
    }
}
