package org.janseva.platform.core.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks, when a service starts, the URL of a provider outside the platform that citizens' data
 * goes to (the SMS provider, the payment gateway). A deployment that forgot to set one must fail at
 * once with the setting's name, not send OTPs and payments to whatever answers on this machine (the
 * department simulator's port in a local run) or to an example host.
 *
 * <p>Loopback is refused unless the setting's sibling {@code allow-loopback} is true (for {@code
 * platform.user.sms.base-url}: {@code platform.user.sms.allow-loopback}): the local profile and the
 * tests set it, as their simulator or stub runs on this machine.
 */
public final class ProviderUrls {

    /** Names this machine under every spelling a configuration is likely to use. */
    private static final Set<String> LOOPBACK_NAMES =
            Set.of("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback");

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ProviderUrls() {}

    /**
     * @param setting the property, e.g. {@code platform.user.sms.base-url}
     * @param variable the environment variable that sets it, e.g. {@code USER_SMS_BASE_URL}
     * @param provider what it is, for the message, e.g. {@code SMS provider}
     * @param url the configured value; {@code null} or blank when not set
     * @param allowLoopback whether it may point at this machine (local runs and tests only)
     * @return the URL
     * @throws IllegalStateException naming the setting and its variable when the URL is not set, is
     *     not an absolute http or https URL with a host, is a reserved example host ({@code .example},
     *     {@code .invalid}: a placeholder left unset), or points at this machine (a loopback or
     *     unspecified address, {@code localhost}) while loopback is not allowed
     */
    public static URI require(String setting, String variable, String provider, String url, boolean allowLoopback) {
        String named = setting + " (" + variable + ")";
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(named + " must be set to the " + provider + "'s URL");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException ex) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null
                || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            // the value itself is not repeated: it may carry credentials (https://user:key@host)
            throw new IllegalStateException(
                    named + " must be the " + provider + "'s absolute http or https URL (with a host)");
        }
        String host = canonicalHost(uri.getHost());
        if (host.endsWith(".example") || host.equals("example") || host.endsWith(".invalid")) {
            throw new IllegalStateException(
                    named + " is still an example placeholder (" + host + "): set the " + provider + "'s URL");
        }
        if (!allowLoopback && isThisMachine(host)) {
            String allow = setting.substring(0, setting.lastIndexOf('.') + 1) + "allow-loopback";
            throw new IllegalStateException(named + " points at this machine (" + host + "), not at the " + provider
                    + ": set its URL. Only a local run (the local profile, " + allow + ") sends there");
        }
        return uri;
    }

    private static String canonicalHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        // "localhost." is the same name as "localhost"
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static boolean isThisMachine(String host) {
        if (LOOPBACK_NAMES.contains(host) || host.endsWith(".localhost")) {
            return true;
        }
        // address literals only: a name is not resolved here (the provider's DNS may not answer
        // at start-up, and a name that resolves to loopback is a deliberate choice)
        if (IPV4_LITERAL.matcher(host).matches()) {
            int[] octets =
                    Arrays.stream(host.split("\\.")).mapToInt(Integer::parseInt).toArray();
            boolean address = Arrays.stream(octets).allMatch(octet -> octet <= 255);
            return address && (octets[0] == 127 || Arrays.stream(octets).allMatch(octet -> octet == 0));
        }
        if (host.startsWith("[")) {
            try {
                // a bracketed literal is parsed, never looked up
                InetAddress address = InetAddress.getByName(host);
                return address.isLoopbackAddress() || address.isAnyLocalAddress();
            } catch (UnknownHostException ex) {
                return false;
            }
        }
        return false;
    }
}
