package org.janseva.catalog.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Resolves the endpoint aliases of adapter settings: {@code "{{simulator}}/departments/EPFO"}
 * becomes {@code "http://localhost:8090/departments/EPFO"} with
 * {@code platform.catalog.endpoints.simulator=http://localhost:8090}. Shipped departments point
 * at the simulator this way, so the same data works in every deployment.
 */
@Component
public class EndpointAliases {

    private static final Pattern ALIAS = Pattern.compile("\\{\\{([a-zA-Z0-9_-]+)}}");

    private final Map<String, String> endpoints;

    EndpointAliases(CatalogueProperties properties) {
        this.endpoints = properties.endpoints();
    }

    /**
     * @param settings adapter settings as stored
     * @return a copy with every {@code {{alias}}} in every string value replaced
     * @throws IllegalStateException when an alias is not configured
     */
    public Map<String, Object> resolve(Map<String, Object> settings) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        settings.forEach((key, value) -> resolved.put(key, resolveValue(value)));
        return resolved;
    }

    /**
     * @param text a setting's text
     * @return the text with its aliases replaced
     * @throws IllegalStateException when an alias is not configured
     */
    public String resolve(String text) {
        Matcher matcher = ALIAS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String target = endpoints.get(matcher.group(1));
            if (target == null) {
                throw new IllegalStateException("The endpoint alias {{" + matcher.group(1)
                        + "}} is not configured; set platform.catalog.endpoints." + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(stripTrailingSlash(target)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private Object resolveValue(Object value) {
        if (value instanceof String text) {
            return resolve(text);
        }
        if (value instanceof Map<?, ?> map) {
            return resolve((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(resolveValue(item)));
            return copy;
        }
        return value;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
