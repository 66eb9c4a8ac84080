package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.platform.web.FieldErrorView;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request that Spring Security's {@link StrictHttpFirewall} refuses with a 400
 * {@code VALIDATION_FAILED} problem naming what was refused: the header or parameter when the
 * firewall says which (a header value with control characters, typically UTF-8 text such as
 * {@code Idempotency-Key: ключ}, whose bytes Tomcat reads as ISO-8859-1), else {@code request}.
 * The firewall checks a header only when something reads it, so the refusal can surface in the
 * security filter chain (answered by the {@link RequestRejectedHandler}) or inside a controller
 * (answered by the {@link ExceptionHandler}, before the shared handler's catch-all turns it into
 * a 500). The refused value is never repeated.
 */
@RestControllerAdvice
final class RejectedRequests implements RequestRejectedHandler, Ordered {

    /** StrictHttpFirewall's words: {@code ... because the header: "Idempotency-Key " has a value "..."}. */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "^The request was rejected because the (header|parameter): \"([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}) \" has a value");

    private final ProblemWriter problemWriter;

    RejectedRequests(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    /** A refusal in the security filter chain (or anywhere before Spring MVC's exception handling). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
            throws IOException {
        problemWriter.write(response, problem(request, ex));
    }

    /** A refusal while Spring MVC resolves a controller's arguments (e.g. {@code @RequestHeader}). */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> handleRejected(RequestRejectedException ex, HttpServletRequest request) {
        ProblemDetail problem = problem(request, ex);
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Ahead of the shared handler, whose {@code Exception} catch-all would answer 500. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static ProblemDetail problem(HttpServletRequest request, RequestRejectedException ex) {
        Matcher named = NAMED_VALUE.matcher(String.valueOf(ex.getMessage()));
        FieldErrorView error;
        if (!named.find()) {
            error = new FieldErrorView("request", "was refused: its URL, method or headers are not allowed");
        } else if (named.group(1).equals("header")) {
            error = new FieldErrorView(
                    named.group(2), "holds characters that are not allowed in a header; send printable ASCII");
        } else {
            error = new FieldErrorView(named.group(2), "holds characters that are not allowed");
        }
        return Problems.validation(List.of(error), request);
    }
}
