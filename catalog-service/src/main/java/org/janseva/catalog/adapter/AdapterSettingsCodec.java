package org.janseva.catalog.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.catalog.catalogue.Department;
import org.janseva.catalog.catalogue.EndpointAliases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves adapter settings between their stored form and the form an adapter uses. Stored settings
 * hold every secret (a setting its type describes as secret) encrypted by {@link SettingsCipher}
 * and endpoint aliases unresolved; an adapter gets them decrypted and resolved. Display copies show
 * secrets only as set or unset. Nothing here logs a value.
 */
@Component
public class AdapterSettingsCodec {

    /** What a secret shows as when settings are displayed. */
    public static final String REDACTED = "******";

    private static final Logger log = LoggerFactory.getLogger(AdapterSettingsCodec.class);

    private final AdapterRegistry registry;
    private final SettingsCipher cipher;
    private final EndpointAliases aliases;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    private record Opened(String type, Map<String, Object> stored, AdapterSettings settings) {}

    AdapterSettingsCodec(AdapterRegistry registry, SettingsCipher cipher, EndpointAliases aliases) {
        this.registry = registry;
        this.cipher = cipher;
        this.aliases = aliases;
    }

    /**
     * The settings of a department as its adapter uses them. Decrypted once per catalogue
     * snapshot, then served from memory.
     *
     * @param department a department of the catalogue
     * @return its settings, secrets decrypted and aliases resolved
     */
    public AdapterSettings open(Department department) {
        Opened cached = opened.get(department.code());
        if (cached != null
                && cached.stored() == department.adapterSettings()
                && cached.type().equals(department.adapterType())) {
            return cached.settings();
        }
        AdapterSettings settings = open(department.code(), department.adapterType(), department.adapterSettings());
        opened.put(department.code(), new Opened(department.adapterType(), department.adapterSettings(), settings));
        return settings;
    }

    /**
     * @param departmentCode the department
     * @param type its adapter type
     * @param stored its settings as stored
     * @return the settings as the adapter uses them
     */
    public AdapterSettings open(String departmentCode, String type, Map<String, Object> stored) {
        Map<String, Object> resolved = aliases.resolve(stored);
        Map<String, Object> decrypted = transformSecrets(type, resolved, (path, value) -> {
            if (SettingsCipher.isEncrypted(value)) {
                return cipher.decrypt((String) value, associatedData(departmentCode, path));
            }
            if (value != null) {
                log.warn(
                        "The secret setting {} of department {} is stored in clear; save the department again "
                                + "to encrypt it",
                        path,
                        departmentCode);
            }
            return value;
        });
        return new AdapterSettings(departmentCode, decrypted);
    }

    /**
     * @param departmentCode the department
     * @param type its adapter type
     * @param plain settings as an integrator gave them, secrets in clear
     * @return the settings to store: every secret encrypted (values already encrypted are kept)
     */
    public Map<String, Object> seal(String departmentCode, String type, Map<String, Object> plain) {
        return transformSecrets(type, plain, (path, value) -> {
            if (value == null || SettingsCipher.isEncrypted(value)) {
                return value;
            }
            return cipher.encrypt(String.valueOf(value), associatedData(departmentCode, path));
        });
    }

    /**
     * @param departmentCode the department
     * @param type its adapter type
     * @param stored its settings as stored
     * @return the same settings with every secret encrypted under the active key (rotation)
     */
    public Map<String, Object> reencrypt(String departmentCode, String type, Map<String, Object> stored) {
        return transformSecrets(type, stored, (path, value) -> {
            if (value instanceof String text && cipher.needsReencryption(text)) {
                String aad = associatedData(departmentCode, path);
                return cipher.encrypt(cipher.decrypt(text, aad), aad);
            }
            return value;
        });
    }

    /**
     * @param type the adapter type
     * @param stored settings as stored (or as given)
     * @return a copy for display, each secret replaced by {@link #REDACTED} when set
     */
    public Map<String, Object> redact(String type, Map<String, Object> stored) {
        return transformSecrets(type, stored, (path, value) -> value == null ? null : REDACTED);
    }

    /** @return the paths of the type's secret settings, e.g. {@code auth.password} */
    public List<String> secretPaths(String type) {
        List<String> paths = new ArrayList<>();
        for (SettingDescriptor descriptor : registry.settingsOf(type)) {
            if (descriptor.secret()) {
                paths.add(descriptor.name());
            }
        }
        return paths;
    }

    /** Forgets decrypted settings, e.g. after the keys changed. */
    public void forgetOpened() {
        opened.clear();
    }

    private interface SecretTransform {
        Object apply(String path, Object value);
    }

    private Map<String, Object> transformSecrets(String type, Map<String, Object> settings, SecretTransform transform) {
        Map<String, Object> copy = deepCopy(settings);
        for (String path : secretPaths(type)) {
            String[] parts = path.split("\\.");
            Map<String, Object> parent = parent(copy, parts);
            String leaf = parts[parts.length - 1];
            if (parent != null && parent.containsKey(leaf)) {
                parent.put(leaf, transform.apply(path, parent.get(leaf)));
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parent(Map<String, Object> root, String[] parts) {
        Map<String, Object> current = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = current.get(parts[i]);
            if (!(next instanceof Map)) {
                return null;
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> nested) {
            return deepCopy((Map<String, Object>) nested);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copyValue(item)));
            return copy;
        }
        return value;
    }

    private static String associatedData(String departmentCode, String path) {
        return "department:" + departmentCode + "|setting:" + path;
    }
}
