package org.janseva.catalog.adapter;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;

/** Checks settings against their descriptors, the part of validation every adapter type shares. */
final class SettingsValidator {

    /**
     * The longest URL setting taken, in characters: 2 KiB is what every HTTP stack takes in a
     * request line with room to spare, and leaves a base URL room for an operation's path and query.
     */
    static final int MAX_URL_LENGTH = 2048;

    private SettingsValidator() {}

    static List<SettingProblem> check(List<SettingDescriptor> descriptors, AdapterSettings settings) {
        return check(descriptors, settings, CommonSettings.MAX_TIMEOUT_MS, CommonSettings.MAX_CONCURRENT_CALLS_LIMIT);
    }

    /**
     * @param maxTimeoutMs the platform's cap on {@code timeoutMs}; the range told is the adapter
     *     types' own below it, so that one message gives the bounds the value is really held to
     * @param maxConcurrentCalls the platform's cap on {@code maxConcurrentCalls}, likewise
     */
    static List<SettingProblem> check(
            List<SettingDescriptor> descriptors, AdapterSettings settings, long maxTimeoutMs, long maxConcurrentCalls) {
        List<SettingProblem> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        Set<String> open = new HashSet<>();
        for (SettingDescriptor descriptor : descriptors) {
            known.add(descriptor.name());
            String[] parts = descriptor.name().split("\\.");
            for (int i = 1; i < parts.length; i++) {
                known.add(String.join(".", java.util.Arrays.copyOf(parts, i)));
            }
            if (descriptor.kind() == SettingDescriptor.Kind.OBJECT) {
                open.add(descriptor.name());
            }
            Optional<Object> value = settings.find(descriptor.name());
            if (value.isEmpty()) {
                if (descriptor.required()) {
                    problems.add(new SettingProblem(descriptor.name(), "is required"));
                }
                continue;
            }
            kindProblem(descriptor, value.get())
                    .ifPresent(message -> problems.add(new SettingProblem(descriptor.name(), message)));
        }
        unknownKeys("", settings.values(), known, open, problems);
        bound(
                settings,
                CommonSettings.TIMEOUT_MS,
                CommonSettings.MIN_TIMEOUT_MS,
                CommonSettings.MAX_TIMEOUT_MS,
                maxTimeoutMs,
                CommonSettings.TIMEOUT_CAP_REASON,
                problems);
        bound(
                settings,
                CommonSettings.MAX_CONCURRENT_CALLS,
                1,
                CommonSettings.MAX_CONCURRENT_CALLS_LIMIT,
                maxConcurrentCalls,
                CommonSettings.CONCURRENCY_CAP_REASON,
                problems);
        return problems;
    }

    private static Optional<String> kindProblem(SettingDescriptor descriptor, Object value) {
        return switch (descriptor.kind()) {
            case STRING ->
                value instanceof String text && !text.isBlank()
                        ? Optional.empty()
                        : Optional.of("must be a non-empty string");
            case URL -> urlProblem(value);
            case INTEGER -> integerProblem(value);
            case BOOLEAN -> value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
            case ENUM ->
                descriptor.allowedValues().contains(value)
                        ? Optional.empty()
                        : Optional.of("must be one of " + descriptor.allowedValues());
            case OBJECT -> value instanceof Map ? Optional.empty() : Optional.of("must be an object");
        };
    }

    /**
     * A whole number is written without a decimal point, as everywhere in the API ({@code 1500.0}
     * and {@code 1e3} are refused, never truncated or stored as they are): Jackson reads those as
     * {@code BigDecimal} (or {@code Double}), a number written as digits alone as an integer type.
     */
    private static Optional<String> integerProblem(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Optional.empty();
        }
        if (value instanceof BigInteger big) {
            // past long, it would wrap into range when read
            return big.bitLength() < Long.SIZE ? Optional.empty() : Optional.of("is too large");
        }
        return Optional.of(
                value instanceof Number ? "must be a whole number, without a decimal point" : "must be a whole number");
    }

    private static Optional<String> urlProblem(Object value) {
        if (!(value instanceof String text) || !isHttpUrl(text)) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (text.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters (it has " + text.length() + ")");
        }
        return Optional.empty();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException ex) {
            return false;
        }
    }

    private static void unknownKeys(
            String prefix,
            Map<String, Object> values,
            Set<String> known,
            Set<String> open,
            List<SettingProblem> problems) {
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getKey().contains(".")) {
                // the settings schema names "auth.password"; taken as one key it would be neither
                // encrypted nor masked (secrets are found by walking the nested settings) nor read
                problems.add(new SettingProblem(
                        path, "is not a setting name: settings nest, e.g. {\"auth\": {\"password\": ...}}"));
                continue;
            }
            if (open.contains(path)) {
                continue;
            }
            if (!known.contains(path)) {
                problems.add(new SettingProblem(path, "is not a setting of this adapter type"));
            } else if (entry.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> children = (Map<String, Object>) nested;
                unknownKeys(path, children, known, open, problems);
            }
        }
    }

    /**
     * One range, the one the value is held to: the adapter types' own ({@code min} to {@code limit}),
     * its upper end lowered to the platform's {@code cap} when that is lower (as the settings schema
     * of {@code GET /api/v1/admin/adapter-types} gives it), with why the platform caps it.
     */
    private static void bound(
            AdapterSettings settings,
            String name,
            long min,
            long limit,
            long cap,
            String why,
            List<SettingProblem> problems) {
        long max = Math.min(limit, cap);
        String platform = max < limit ? " on this platform: " + why : "";
        // a number the kind check refused (a decimal, one too large) has its problem already
        settings.find(name)
                .filter(v -> integerProblem(v).isEmpty())
                .map(v -> ((Number) v).longValue())
                .ifPresent(v -> {
                    if (v < min || v > max) {
                        problems.add(new SettingProblem(name, "must be between " + min + " and " + max + platform));
                    }
                });
    }
}
