package org.janseva.catalog.adapter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The SSRF guard: decides which addresses a department call may go to. A department's URLs come
 * from integrators (through the admin API), so without it a department could be pointed at the
 * cloud metadata service, at the platform's own services or at anything else only the platform's
 * network can reach, and the platform would call it with its credentials and show the answer in
 * dry runs.
 *
 * <p>Only http and https are called. Every address a host resolves to must pass; an address is
 * refused when it is
 *
 * <ul>
 *   <li>one of the platform's own services ({@code platform.services.*}), this process's own ports,
 *       its database, or an endpoint of {@code denied-endpoints}: always;
 *   <li>in a network of {@code denied-networks}: always;
 *   <li>the cloud metadata address ({@code 169.254.169.254} and its kin), link-local, loopback,
 *       unspecified ({@code 0.0.0.0}, {@code ::}), multicast or broadcast: unless a network of
 *       {@code allowed-networks} holds it (local runs allow loopback, where the simulator runs).
 * </ul>
 *
 * IPv6 forms that carry an IPv4 address (mapped, compatible, SIIT-translated {@code ::ffff:0:0:0/96},
 * NAT64 {@code 64:ff9b::/96}, 6to4) are judged by that address too. The local-use NAT64 prefix
 * {@code 64:ff9b:1::/48} is refused unless allowed, since where it carries the IPv4 address depends
 * on the network (RFC 6052); where allowed, it is judged as a {@code /96} prefix. The check runs when a department is saved (the admin API) and again each time the
 * HTTP client opens a connection ({@link #dnsResolver()}), because a name's addresses can change
 * after it was saved; redirects are never followed ({@link DepartmentHttp}).
 */
public final class OutboundAddressGuard {

    /** Resolves a host name (or IP literal) to its addresses; the JVM's resolver in production. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A connection the guard refused; an {@link UnknownHostException} so that HTTP clients stop at once. */
    public static final class RefusedAddressException extends UnknownHostException {

        private final String reason;

        RefusedAddressException(String reason) {
            super(reason);
            this.reason = reason;
        }

        /** @return why, for integrators and logs (names the address, never a secret) */
        public String reason() {
            return reason;
        }
    }

    private static final List<InetAddress> METADATA = List.of(
            literal("169.254.169.254"), // AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean
            literal("169.254.170.2"), // AWS ECS task metadata
            literal("fd00:ec2::254"), // AWS IMDS over IPv6
            literal("100.100.100.200")); // Alibaba Cloud

    private static final Cidr THIS_NETWORK = Cidr.parse("0.0.0.0/8");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr LOCAL_NAT64 = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowed;
    private final List<Cidr> denied;
    private final List<Endpoint> ownEndpoints;
    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
    private final HostResolver resolver;

    private record Endpoint(String host, int port, String what) {}

    /**
     * @param properties the deployment's allowed and denied networks and endpoints
     * @param ownServices URLs of the platform's own services and this process's database, as
     *     {@code what -> url} pairs ({@code "user-service" -> "http://user-service:8082"})
     * @param resolver how host names are resolved
     */
    public OutboundAddressGuard(
            OutboundProperties properties,
            List<java.util.Map.Entry<String, String>> ownServices,
            HostResolver resolver) {
        this.allowed = properties.allowedNetworks().stream().map(Cidr::parse).toList();
        this.denied = properties.deniedNetworks().stream().map(Cidr::parse).toList();
        this.resolver = resolver;
        List<Endpoint> endpoints = new ArrayList<>();
        for (java.util.Map.Entry<String, String> service : ownServices) {
            endpoint(service.getValue(), service.getKey()).ifPresent(endpoints::add);
        }
        for (String hostAndPort : properties.deniedEndpoints()) {
            endpoints.add(hostAndPort(hostAndPort));
        }
        this.ownEndpoints = List.copyOf(endpoints);
    }

    /** @return a guard with the JVM's resolver */
    public static OutboundAddressGuard of(
            OutboundProperties properties, List<java.util.Map.Entry<String, String>> ownServices) {
        return new OutboundAddressGuard(properties, ownServices, InetAddress::getAllByName);
    }

    /** Registers a port this process listens on (its HTTP and management ports): never called. */
    public void ownPort(int port) {
        if (port > 0) {
            ownPorts.add(port);
        }
    }

    /**
     * Checks a URL before it is saved in a department's settings.
     *
     * @param url the URL, endpoint aliases resolved
     * @return why it may not be called, empty when it may
     */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null) {
            return Optional.of("must name a host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        try {
            check(uri.getHost(), port);
            return Optional.empty();
        } catch (RefusedAddressException ex) {
            return Optional.of(ex.reason());
        } catch (UnknownHostException ex) {
            return Optional.of("names a host that cannot be resolved (" + bare(uri.getHost()) + ")");
        }
    }

    /**
     * Resolves a host and checks every address it has.
     *
     * @param host a host name or IP literal (IPv6 with or without brackets)
     * @param port the port to be called
     * @return the addresses, all of them allowed
     * @throws RefusedAddressException when one of them is refused
     * @throws UnknownHostException when the host cannot be resolved
     */
    public List<InetAddress> check(String host, int port) throws UnknownHostException {
        String name = bare(host);
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address, port);
            if (refusal.isPresent()) {
                String where = (isLiteral(name) ? "" : name + " resolves to ")
                        + address.getHostAddress()
                        + (port > 0 ? ", port " + port : "");
                throw new RefusedAddressException("must not point at " + refusal.get() + " (" + where + ")");
            }
        }
        return List.of(addresses);
    }

    /**
     * @param address an address about to be called
     * @param port the port, or -1 when unknown (own services are then judged by address alone)
     * @return what the address is, when it may not be called ("the cloud metadata address"); empty
     *     when it may
     */
    public Optional<String> refusal(InetAddress address, int port) {
        List<InetAddress> forms = forms(address);
        for (InetAddress form : forms) {
            if (isOwnEndpoint(form, port)) {
                return Optional.of("one of the platform's own services");
            }
        }
        for (InetAddress form : forms) {
            if (denied.stream().anyMatch(cidr -> cidr.contains(form))) {
                return Optional.of("a network this deployment never calls");
            }
        }
        for (InetAddress form : forms) {
            String category = category(form);
            if (category != null && allowed.stream().noneMatch(cidr -> cidr.contains(form))) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }

    /** @return a resolver for Apache HttpClient that applies this guard to every new connection */
    public DnsResolver dnsResolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return check(host, -1).toArray(InetAddress[]::new);
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                List<InetSocketAddress> addresses = new ArrayList<>();
                for (InetAddress address : check(host, port)) {
                    addresses.add(new InetSocketAddress(address, port));
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return host;
            }
        };
    }

    private static String category(InetAddress address) {
        if (METADATA.contains(address)) {
            return "the cloud metadata address";
        }
        if (address.isAnyLocalAddress() || THIS_NETWORK.contains(address)) {
            return "an unspecified address";
        }
        if (LOCAL_NAT64.contains(address)) {
            // where the IPv4 address sits depends on the network's own prefix length (RFC 6052)
            return "a local-use NAT64 address (64:ff9b:1::/48)";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address && Arrays.equals(address.getAddress(), new byte[] {-1, -1, -1, -1})) {
            return "the broadcast address";
        }
        return null;
    }

    /** The address, and the IPv4 addresses an IPv6 form may carry, if any. */
    private static List<InetAddress> forms(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of(address);
        }
        byte[] bytes = address.getAddress();
        List<byte[]> carried = new ArrayList<>();
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= bytes[i] == 0;
        }
        if ((zeroPrefix && !address.isAnyLocalAddress() && !address.isLoopbackAddress())
                || NAT64.contains(address)
                || TRANSLATED.contains(address)) {
            // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, SIIT ::ffff:0:a.b.c.d
            carried.add(Arrays.copyOfRange(bytes, 12, 16));
        } else if (LOCAL_NAT64.contains(address)) {
            // refused as such unless allowed (category); where allowed, judged as a /96 prefix
            carried.add(Arrays.copyOfRange(bytes, 12, 16));
        } else if (SIX_TO_FOUR.contains(address)) {
            carried.add(Arrays.copyOfRange(bytes, 2, 6)); // 6to4 2002:aabb:ccdd::
        }
        List<InetAddress> forms = new ArrayList<>();
        forms.add(address);
        for (byte[] v4 : carried) {
            try {
                forms.add(InetAddress.getByAddress(v4));
            } catch (UnknownHostException ex) {
                // four bytes are always an address
            }
        }
        return forms;
    }

    private boolean isOwnEndpoint(InetAddress address, int port) {
        boolean local = isThisMachine(address);
        if (local && port >= 0 && ownPorts.contains(port)) {
            return true;
        }
        for (Endpoint endpoint : ownEndpoints) {
            // with the port unknown, any port of an own service's address counts (stricter)
            if (port >= 0 && endpoint.port() != port) {
                continue;
            }
            InetAddress[] targets;
            try {
                targets = resolver.resolve(endpoint.host());
            } catch (UnknownHostException ex) {
                continue;
            }
            for (InetAddress target : targets) {
                if (target.equals(address) || (local && isThisMachine(target))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException ex) {
            return false;
        }
    }

    private static Optional<Endpoint> endpoint(String url, String what) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(new Endpoint(bare(uri.getHost()), port, what));
        } catch (URISyntaxException ex) {
            return Optional.empty();
        }
    }

    private static Endpoint hostAndPort(String value) {
        String text = value.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "platform.catalog.outbound.denied-endpoints: '" + value + "' is not host:port");
        }
        try {
            return new Endpoint(
                    bare(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)), "denied endpoint");
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "platform.catalog.outbound.denied-endpoints: '" + value + "' is not host:port", ex);
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is one host). */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String value = text.trim();
            int slash = value.indexOf('/');
            String ip = slash < 0 ? value : value.substring(0, slash);
            if (!isLiteral(ip) || ip.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not a network in CIDR notation (10.0.0.0/8)");
            }
            byte[] bytes = literal(ip).getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + text + "' is not a network in CIDR notation (10.0.0.0/8)");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length out of range");
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
