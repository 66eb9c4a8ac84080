package org.janseva.catalog.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values out of JSON-like trees (maps, lists, scalars) with RFC 6901 JSON pointers, and
 * builds the mapped answers of declarative adapters: {@code {"holder.name": "/data/owner/name"}}
 * makes {@code {"holder": {"name": ...}}}.
 */
public final class JsonPointers {

    private JsonPointers() {}

    /**
     * @param pointer a JSON pointer, e.g. {@code /data/items/0/name}; {@code ""} is the whole tree
     * @return whether it is syntactically a JSON pointer
     */
    public static boolean isPointer(String pointer) {
        if (pointer == null) {
            return false;
        }
        if (pointer.isEmpty()) {
            return true;
        }
        if (pointer.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~'
                    && (i + 1 >= pointer.length() || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param tree a JSON-like tree
     * @param pointer a JSON pointer
     * @return the value there, or {@code null} when there is none
     */
    public static Object read(Object tree, String pointer) {
        if (pointer.isEmpty()) {
            return tree;
        }
        Object current = tree;
        int start = 1;
        while (current != null) {
            int end = pointer.indexOf('/', start);
            String token = unescape(pointer.substring(start, end < 0 ? pointer.length() : end));
            if (current instanceof Map<?, ?> map) {
                current = map.get(token);
            } else if (current instanceof List<?> list) {
                current = index(list, token);
            } else {
                return null;
            }
            if (end < 0) {
                return current;
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * @param tree a department's answer as a JSON-like tree
     * @param mapping output field (dots for nesting) to JSON pointer
     * @return the mapped answer; a pointer that finds nothing gives {@code null}, so the answer
     *     always has the same fields
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object tree, Map<String, String> mapping) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : mapping.entrySet()) {
            String[] path = field.getKey().split("\\.");
            Map<String, Object> target = out;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = target.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException(
                            "The output field " + field.getKey() + " nests under a field that is not an object");
                }
                target = (Map<String, Object>) next;
            }
            target.put(path[path.length - 1], read(tree, field.getValue()));
        }
        return out;
    }

    private static Object index(List<?> list, String token) {
        // RFC 6901 array-index: "0" or ASCII digits without a leading zero (not "01", nor
        // another script's digits, which Character.isDigit and Integer.parseInt would take)
        if (token.isEmpty()
                || token.length() > 9
                || (token.length() > 1 && token.charAt(0) == '0')
                || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int i = Integer.parseInt(token);
        return i < list.size() ? list.get(i) : null;
    }

    private static String unescape(String token) {
        return token.indexOf('~') < 0 ? token : token.replace("~1", "/").replace("~0", "~");
    }
}
