package org.janseva.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.core.web.ProblemTypes;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the platform's RFC 9457 problem documents: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}, {@code code} and {@code requestId}, the same in every service.
 */
public final class Problems {

    private Problems() {}

    /**
     * @param status the HTTP status
     * @param code the stable machine code
     * @param title the human title
     * @param detail the explanation of this occurrence (safe to show), or {@code null}
     * @param request the request it answers, for {@code instance} and {@code requestId}
     * @return the problem document
     */
    public static ProblemDetail of(
            HttpStatusCode status, String code, String title, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, detail != null ? detail : ProblemCodes.detailForStatus(status.value()));
        problem.setTitle(title);
        return complete(problem, code, request);
    }

    /**
     * A problem named by its status alone, with the generic code and title of that status; a 400 is
     * a {@code VALIDATION_FAILED} whose one error, on {@code request}, is the detail.
     *
     * @param status the HTTP status
     * @param detail the explanation (safe to show), or {@code null} for the status's generic one
     * @param request the request it answers
     * @return the problem document
     */
    public static ProblemDetail forStatus(HttpStatusCode status, String detail, HttpServletRequest request) {
        int value = status.value();
        ProblemDetail problem =
                of(status, ProblemCodes.forStatus(value), ProblemCodes.titleForStatus(value), detail, request);
        if (value == 400) {
            problem.setProperty("errors", List.of(new FieldErrorView("request", problem.getDetail())));
        }
        return problem;
    }

    /**
     * A 400 {@code VALIDATION_FAILED} problem with its {@code errors}.
     *
     * @param errors what was wrong, field by field
     * @param request the request it answers
     * @return the problem document
     */
    public static ProblemDetail validation(List<FieldErrorView> errors, HttpServletRequest request) {
        ProblemDetail problem = of(
                HttpStatusCode.valueOf(400),
                ProblemCodes.VALIDATION_FAILED,
                "Validation failed",
                "The request has invalid fields; see errors.",
                request);
        problem.setProperty("errors", errors);
        return problem;
    }

    /**
     * Fills in {@code type} (from the code), {@code instance}, {@code code} and {@code requestId}.
     *
     * @param problem a problem with status, title and detail set
     * @param code the stable machine code
     * @param request the request it answers, or {@code null}
     * @return the same problem
     */
    public static ProblemDetail complete(ProblemDetail problem, String code, HttpServletRequest request) {
        problem.setType(ProblemTypes.of(code));
        if (problem.getTitle() == null) {
            problem.setTitle(ProblemCodes.titleForStatus(problem.getStatus()));
        }
        problem.setProperty("code", code);
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        problem.setProperty("requestId", requestId(request));
        return problem;
    }

    /**
     * @param request the current request, or {@code null}
     * @return the request id of the current request, from the request or the MDC; for a request
     *     that never passed {@code RequestIdFilter} (one Tomcat refused before any filter, such
     *     as a {@code TRACE}), its {@code X-Request-Id} when acceptable, as that filter would
     *     have taken it
     */
    public static String requestId(HttpServletRequest request) {
        Object fromRequest = request == null ? null : request.getAttribute(RequestIds.ATTRIBUTE);
        if (fromRequest instanceof String id) {
            return id;
        }
        String fromMdc = MDC.get(RequestIds.MDC_KEY);
        if (fromMdc != null) {
            return fromMdc;
        }
        return request == null
                ? RequestIds.generate()
                : RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
    }
}
