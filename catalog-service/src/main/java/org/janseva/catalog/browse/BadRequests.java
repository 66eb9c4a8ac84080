package org.janseva.catalog.browse;

import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/** The 400 {@code VALIDATION_FAILED} problems of catalogue reads: a bad filter, language or channel. */
final class BadRequests {

    private BadRequests() {}

    /**
     * @param field the query parameter or header that is wrong
     * @param message what is wrong with it
     * @return the problem to throw
     */
    static ApiException invalid(String field, String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid parameters; see errors.")
                .withProperty("errors", List.of(new FieldErrorView(field, message)));
    }
}
