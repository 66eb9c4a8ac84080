package org.janseva.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.janseva.platform.core.web.RequestIds;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatch (a {@code sendError} from a filter, a security entry
 * point, a failure outside Spring MVC) with the same problem document as everything else, instead
 * of Boot's Whitelabel page or its JSON error map. It is no endpoint of the API: hidden from the
 * OpenAPI documents, as springdoc hides Boot's own error controller.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof ApiException api) {
            ProblemDetail problem =
                    Problems.of(api.getStatus(), api.getCode(), api.getTitle(), api.getMessage(), request);
            api.getProperties().forEach(problem::setProperty);
            return respond(problem, api.getHeaders());
        }
        HttpStatusCode status = status(request);
        ProblemDetail problem = Problems.forStatus(status, null, request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(java.net.URI.create(path));
        }
        return respond(problem, new HttpHeaders());
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        // the same id as the body's: RequestIdFilter set none when the request never passed it
        headers.set(RequestIds.HEADER, (String) problem.getProperties().get("requestId"));
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The status the client gets for an exception that escaped the filters and the servlet, for a
     * response not yet committed: this controller answers an {@link ApiException} with its own
     * status, anything else with the status Tomcat gives the error dispatch ({@code
     * StandardWrapperValve}: 400 for its {@link BadRequestException}, a parameter's error code for
     * an {@link InvalidParameterException}, itself or as the cause, otherwise 500).
     *
     * @param escaped what escaped
     * @return the status of the answer the error dispatch writes
     */
    static int statusFor(Throwable escaped) {
        if (escaped instanceof ApiException api) {
            return api.getStatus().value();
        }
        if (escaped instanceof BadRequestException) {
            return HttpStatus.BAD_REQUEST.value();
        }
        if (escaped instanceof InvalidParameterException invalid) {
            return invalid.getErrorCode();
        }
        if (escaped.getCause() instanceof InvalidParameterException invalid) {
            return invalid.getErrorCode();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR.value();
    }

    private static HttpStatusCode status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value && value >= 400 && value < 600) {
            return HttpStatusCode.valueOf(value);
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
