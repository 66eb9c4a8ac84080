package org.janseva.simulator.departments;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.janseva.simulator.fault.FaultInjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /departments/{code}/**}: the back end of every department of the catalogue. It answers
 * any method and path deterministically from the department, the path and the input (query
 * parameters and a JSON body), with hand-written answers for the notable operations (EPFO's
 * passbook, claims and KYC), and {@code GET .../health} for probes; a {@code HEAD} is answered as
 * the {@code GET}. Faults injected for the department's code apply to all of it.
 */
@RestController
@RequestMapping("/departments/{code}")
class DepartmentController {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,39}");
    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final FaultInjector faults;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    DepartmentController(FaultInjector faults, ObjectProvider<Clock> clock) {
        this.faults = faults;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @RequestMapping(
            value = "/**",
            method = {
                RequestMethod.GET,
                RequestMethod.POST,
                RequestMethod.PUT,
                RequestMethod.PATCH,
                RequestMethod.DELETE
            })
    ResponseEntity<?> answer(
            @PathVariable String code, HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        if (!CODE.matcher(code).matches()) {
            return json(SimulatedAnswer.of(404, Map.of("error", "NO_SUCH_DEPARTMENT")));
        }
        String path = subPath(request, code);
        // a HEAD is a GET without the body (Spring sends HEAD to the GET mapping): it must get the
        // GET's answer, never be taken for a write
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        return faults.answer(code, () -> json(answer(code, method, path, input(request, body))));
    }

    private SimulatedAnswer answer(String code, String method, String path, Map<String, Object> input) {
        if (input == null) {
            return SimulatedAnswer.of(400, Map.of("error", "BAD_REQUEST", "message", "The body is not a JSON object"));
        }
        if (path.equals("/health") && method.equals("GET")) {
            return SimulatedAnswer.of(200, Map.of("status", "UP", "department", code));
        }
        LocalDate today = LocalDate.now(clock.withZone(INDIA));
        if (code.equals(EpfoBackend.CODE)) {
            var epfo = EpfoBackend.answer(path, input, today);
            if (epfo.isPresent()) {
                return epfo.get();
            }
        }
        return GenericAnswers.answer(code, method, path, input, today);
    }

    /** The decoded path below {@code /departments/{code}}, e.g. {@code /members/100200300400/passbook}. */
    private static String subPath(HttpServletRequest request, String code) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        String rest = raw.substring(Math.min(raw.length(), ("/departments/" + code).length()));
        StringBuilder decoded = new StringBuilder();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                decoded.append('/').append(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return decoded.isEmpty() ? "/" : decoded.toString();
    }

    /** Query parameters and the JSON body's fields; {@code null} when the body is not an object. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> input(HttpServletRequest request, byte[] body) {
        Map<String, Object> input = new LinkedHashMap<>();
        request.getParameterMap()
                .forEach((name, values) -> input.put(name, values.length == 1 ? values[0] : java.util.List.of(values)));
        if (body != null && body.length > 0) {
            try {
                Object parsed = json.readValue(body, Object.class);
                if (!(parsed instanceof Map<?, ?> map)) {
                    return null;
                }
                input.putAll((Map<String, Object>) map);
            } catch (JacksonException ex) {
                return null;
            }
        }
        return input;
    }

    private static ResponseEntity<?> json(SimulatedAnswer answer) {
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }
}
