package org.janseva.catalog.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.springframework.stereotype.Component;

/**
 * The adapter types installed on this instance, by their {@code type()} key: every
 * {@link DepartmentAdapter} bean, built in or contributed by a jar's auto-configuration. The
 * application does not start when two types share a key, or a key is not kebab-case: a department
 * must never be served by whichever bean happened to be registered last.
 */
@Component
public class AdapterRegistry {

    private static final Pattern TYPE_KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, DepartmentAdapter> adapters;

    /**
     * @param adapters every adapter bean
     * @throws IllegalStateException on a duplicate or malformed type key
     */
    public AdapterRegistry(List<DepartmentAdapter> adapters) {
        Map<String, DepartmentAdapter> byType = new TreeMap<>();
        for (DepartmentAdapter adapter : adapters) {
            String type = adapter.type();
            if (type == null || !TYPE_KEY.matcher(type).matches()) {
                throw new IllegalStateException(
                        "The adapter " + adapter.getClass().getName() + " has the type key '" + type
                                + "'; a type key is kebab-case, e.g. rest-json");
            }
            DepartmentAdapter earlier = byType.putIfAbsent(type, adapter);
            if (earlier != null) {
                throw new IllegalStateException("Two adapters claim the type key '" + type + "': "
                        + earlier.getClass().getName() + " and "
                        + adapter.getClass().getName()
                        + "; a type key names exactly one adapter");
            }
        }
        this.adapters = Collections.unmodifiableMap(byType);
    }

    /** @return the installed adapters, by type key */
    public List<DepartmentAdapter> adapters() {
        return List.copyOf(adapters.values());
    }

    /** @return the adapter of that type, if installed */
    public Optional<DepartmentAdapter> find(String type) {
        return Optional.ofNullable(adapters.get(type));
    }

    /**
     * @return the adapter of that type
     * @throws UnknownAdapterTypeException when no such type is installed
     */
    public DepartmentAdapter adapter(String type) {
        DepartmentAdapter adapter = adapters.get(type);
        if (adapter == null) {
            throw new UnknownAdapterTypeException(type, adapters.keySet());
        }
        return adapter;
    }

    /**
     * @param type a department's adapter type
     * @param operationCode one of its operations
     * @return whether that type keeps the operation from citizens ({@link DepartmentAdapter#serviceOnly}),
     *     whatever the operation's stored visibility; {@code false} when the type is not installed
     */
    public boolean serviceOnly(String type, String operationCode) {
        DepartmentAdapter adapter = adapters.get(type);
        return adapter != null && adapter.serviceOnly(operationCode);
    }

    /** @return every setting a department of that type has: the common ones, then the type's own */
    public List<SettingDescriptor> settingsOf(String type) {
        List<SettingDescriptor> all = new ArrayList<>(CommonSettings.DESCRIPTORS);
        for (SettingDescriptor own : adapter(type).settings()) {
            if (all.stream().noneMatch(d -> d.name().equals(own.name()))) {
                all.add(own);
            }
        }
        return List.copyOf(all);
    }

    /**
     * Checks a department's settings before they are saved: every setting against its descriptor
     * (required, kind, allowed values, bounds, no unknown keys), then the type's own checks.
     *
     * @param type the adapter type
     * @param settings the settings, secrets in clear and endpoint aliases resolved
     * @return the problems found, empty when the settings are usable
     */
    public List<SettingProblem> validate(String type, AdapterSettings settings) {
        return validate(type, settings, CommonSettings.MAX_TIMEOUT_MS, CommonSettings.MAX_CONCURRENT_CALLS_LIMIT);
    }

    /**
     * As {@link #validate(String, AdapterSettings)}, holding {@code timeoutMs} and {@code
     * maxConcurrentCalls} to the platform's caps as well: a value out of range is told, in one
     * message, the range it is really held to.
     *
     * @param maxTimeoutMs the platform's cap on {@code timeoutMs}
     * @param maxConcurrentCalls the platform's cap on {@code maxConcurrentCalls}
     */
    public List<SettingProblem> validate(
            String type, AdapterSettings settings, long maxTimeoutMs, long maxConcurrentCalls) {
        DepartmentAdapter adapter = adapter(type);
        List<SettingProblem> problems =
                new ArrayList<>(SettingsValidator.check(settingsOf(type), settings, maxTimeoutMs, maxConcurrentCalls));
        // a value the type takes but the platform caps (timeoutMs 10000) does not keep the type's
        // own checks from naming their problems in the same answer
        if (SettingsValidator.check(settingsOf(type), settings).isEmpty()) {
            problems.addAll(adapter.validate(settings));
        }
        return List.copyOf(problems);
    }
}
