package org.janseva.platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.janseva.platform.core.web.RequestIds;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error page, for the errors Tomcat answers before any filter or servlet runs (a
 * request line it cannot use, such as an encoded slash or a bad percent-encoding in the path): a
 * problem document like every other error of the platform, instead of Tomcat's HTML page (also a
 * {@code TRACE}, which Tomcat refuses with a 405 itself). {@code RequestIdFilter} never saw the
 * request: the request id is the one in its {@code X-Request-Id} when Tomcat read its headers and
 * the id is acceptable, as that filter would have taken it, else a new one.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final ProblemWriter WRITER =
            new ProblemWriter(JsonMapper.builder().build());

    private static final String PATH_MESSAGE = "must not contain an encoded slash (%2F) or backslash (%5C), and"
            + " every % must be followed by two hexadecimal digits";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String uri = request.getRequestURI();
        ProblemDetail problem;
        if (status == 400 && uri != null && uri.contains("%00")) {
            // Tomcat refuses a decoded NUL in the path itself; say so, like NulParameterFilter
            problem = Problems.validation(List.of(new FieldErrorView("path", NulCharacters.MESSAGE)), null);
        } else if (status == 400 && uri != null && uri.indexOf('%') >= 0) {
            // an encoded slash or backslash, or a % not followed by two hex digits
            problem = Problems.validation(List.of(new FieldErrorView("path", PATH_MESSAGE)), null);
        } else {
            problem = Problems.forStatus(
                    HttpStatusCode.valueOf(status),
                    status == 400
                            ? "The request's URL or headers are not valid HTTP (e.g. an encoded slash or a bad"
                                    + " percent-encoding in the path)."
                            : "The request could not be served; quote the request id when you report it.",
                    null);
        }
        problem.setInstance(instance(uri));
        // the client's (or the gateway's) request id when the request got as far as its headers:
        // the gateway echoes the id it sent, and an answer whose body said another was two requests
        // to whoever reads the logs
        problem.setProperty("requestId", Problems.requestId(request));
        try {
            response.setHeader(
                    RequestIds.HEADER, (String) problem.getProperties().get("requestId"));
            WRITER.write(response, problem);
            response.finishResponse();
        } catch (IOException | IllegalStateException ex) {
            // the client has gone, or the response was taken meanwhile: nothing more to say
        }
    }

    /** @return the path as sent, or {@code /} when it is not even a valid URI (e.g. {@code %zz}) */
    private static URI instance(String uri) {
        if (uri != null && !uri.isEmpty()) {
            try {
                return new URI(uri);
            } catch (URISyntaxException ex) {
                // not a URI at all: fall through
            }
        }
        return URI.create("/");
    }
}
