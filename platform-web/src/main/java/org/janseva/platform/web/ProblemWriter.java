package org.janseva.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem document straight to a servlet response, for filters that answer before
 * Spring MVC is reached (e.g. the body-size limit).
 */
public final class ProblemWriter {

    private final JsonMapper jsonMapper;

    /** @param jsonMapper the mapper to serialise with */
    public ProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * @param response the response, not yet committed
     * @param problem the problem to write
     * @throws IOException when the client has gone
     */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        byte[] body = toJson(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** @return the problem document as JSON: its standard members, then its extensions */
    private byte[] toJson(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return jsonMapper.writeValueAsBytes(body);
    }
}
