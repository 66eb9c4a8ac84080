package org.janseva.user.citizen;

import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/**
 * A page of a list: {@code ?page=0&size=20}, size at most 100 (API.md, "Conventions"). The
 * parameters are taken as text so that a value that is not a whole number is answered like any
 * other bad value: 400 {@code VALIDATION_FAILED} naming the parameter.
 *
 * @param number the page, from 0
 * @param size the items per page, 1 to 100
 */
record PageRequest(int number, int size) {

    static final int MAX_SIZE = 100;
    static final int DEFAULT_SIZE = 20;

    /**
     * @param page the {@code page} parameter as given, or null
     * @param size the {@code size} parameter as given, or null
     * @throws ApiException 400 for a value that is not a whole number, a negative page or a size
     *     outside 1 to 100
     */
    static PageRequest of(String page, String size) {
        int number = parse("page", page, 0);
        int perPage = parse("size", size, DEFAULT_SIZE);
        if (number < 0) {
            throw invalid("page", "must be 0 or more");
        }
        if (perPage < 1 || perPage > MAX_SIZE) {
            throw invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) number * perPage > Integer.MAX_VALUE) {
            throw invalid("page", "is too large");
        }
        return new PageRequest(number, perPage);
    }

    /** @return the index of the page's first item */
    int offset() {
        return number * size;
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException ex) {
            throw invalid(name, "must be a whole number");
        }
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid parameters; see errors.")
                .withProperty("errors", List.of(new FieldErrorView(field, message)));
    }
}
