package org.janseva.catalog.browse;

/**
 * A page of a list: {@code ?page=0&size=20}, size at most 100.
 *
 * @param number the page, from 0
 * @param size the items per page, 1 to 100
 */
public record PageRequest(int number, int size) {

    static final int MAX_SIZE = 100;

    /**
     * @param page the {@code page} parameter as given, or null
     * @param size the {@code size} parameter as given, or null
     * @param defaultSize the size when none is given
     * @throws org.janseva.platform.web.ApiException 400 for a bad number or a size over 100
     */
    public static PageRequest of(String page, String size, int defaultSize) {
        int number = parse("page", page, 0);
        int perPage = parse("size", size, defaultSize);
        if (number < 0) {
            throw BadRequests.invalid("page", "must be 0 or more");
        }
        if (perPage < 1 || perPage > MAX_SIZE) {
            throw BadRequests.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) number * perPage > Integer.MAX_VALUE) {
            throw BadRequests.invalid("page", "is too large");
        }
        return new PageRequest(number, perPage);
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException ex) {
            throw BadRequests.invalid(name, "must be a whole number");
        }
    }

    /** @return the index of the page's first item */
    int offset() {
        return number * size;
    }
}
