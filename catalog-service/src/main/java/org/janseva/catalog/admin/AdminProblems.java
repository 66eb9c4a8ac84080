package org.janseva.catalog.admin;

import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/**
 * The problems of the admin API: 400 {@code VALIDATION_FAILED} for malformed fields, 422 for
 * well-formed requests that break a rule (a URL the SSRF guard refuses), 404 for unknown codes, 409
 * for codes already taken. Each carries {@code errors: [{field, message}]} where a field is to
 * blame.
 */
final class AdminProblems {

    private AdminProblems() {}

    static ApiException invalid(List<FieldErrorView> errors) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", errors);
    }

    static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldErrorView(field, message)));
    }

    static ApiException urlNotAllowed(List<FieldErrorView> errors) {
        return new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "URL_NOT_ALLOWED",
                        "Address not allowed",
                        "A department URL points at an address the platform never calls (its own services, "
                                + "the cloud metadata address, link-local, loopback, unspecified or multicast "
                                + "addresses); see errors.")
                .withProperty("errors", errors);
    }

    static ApiException unprocessable(String code, String title, String detail, List<FieldErrorView> errors) {
        ApiException problem = new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, title, detail);
        return errors.isEmpty() ? problem : problem.withProperty("errors", errors);
    }

    static ApiException departmentNotFound(String code) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "DEPARTMENT_NOT_FOUND",
                "Department not found",
                "No department has the code " + code + ".");
    }

    static ApiException serviceNotFound(String code) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "SERVICE_NOT_FOUND",
                "Service not found",
                "No service has the code " + code + ".");
    }

    static ApiException departmentExists(String code) {
        return new ApiException(
                        HttpStatus.CONFLICT,
                        "DEPARTMENT_ALREADY_EXISTS",
                        "Department already exists",
                        "A department with the code " + code + " already exists; change it with PATCH.")
                .withProperty("errors", List.of(new FieldErrorView("code", "is taken")));
    }

    static ApiException departmentChanged(String code) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "DEPARTMENT_CHANGED",
                "Department changed",
                "The department " + code
                        + " changed its type or adapter type while the service was being created; send the request "
                        + "again.");
    }

    static ApiException serviceExists(String code) {
        return new ApiException(
                        HttpStatus.CONFLICT,
                        "SERVICE_ALREADY_EXISTS",
                        "Service already exists",
                        "A service with the code " + code + " already exists.")
                .withProperty("errors", List.of(new FieldErrorView("code", "is taken")));
    }
}
