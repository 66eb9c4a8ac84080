package org.janseva.platform.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.core.web.ProblemTypes;
import org.janseva.platform.core.web.RequestIds;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error page, for the errors Tomcat answers before any filter or servlet runs (a
 * request line it cannot use, such as an encoded slash or a bad percent-encoding in the path): a
 * problem document like every other error of the platform, instead of Tomcat's HTML page. The
 * request id is a new one: {@code RequestIdFilter} never saw the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        String requestId = RequestIds.generate();
        String code = ProblemCodes.forStatus(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.of(code).toString());
        problem.put("title", ProblemCodes.titleForStatus(status));
        problem.put("status", status);
        problem.put(
                "detail",
                status == 400
                        ? "The request's URL or headers are not valid HTTP (e.g. an encoded slash or a bad"
                                + " percent-encoding in the path)."
                        : "The request could not be served; quote the request id when you report it.");
        problem.put("code", code);
        problem.put("requestId", requestId);
        try {
            byte[] body = JSON.writeValueAsBytes(problem);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(RequestIds.HEADER, requestId);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException ex) {
            // the client has gone, or the response was taken meanwhile: nothing more to say
        }
    }
}
