package org.janseva.catalog.invocation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ProblemDetailsExceptionHandler;
import org.janseva.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/services/{serviceCode}/operations/{operationCode}}: invoke a service. A body
 * refused while it is read (not JSON, too large, another content type) never reaches {@link
 * InvocationService#invoke}; it is answered by the platform's problem handler all the same, and
 * audited and counted here ({@link InvocationService#refusedBody}), as every call is.
 */
@RestController
@Tag(name = "Invocation", description = "Calling a department's service through its adapter")
class InvocationController {

    private final InvocationService invocations;
    private final ProblemDetailsExceptionHandler problems;

    InvocationController(InvocationService invocations, ProblemDetailsExceptionHandler problems) {
        this.invocations = invocations;
        this.problems = problems;
    }

    // no "consumes" and no "produces": a body of another content type (or of none), and an Accept
    // that refuses JSON, are then refused here where the call is known and audited, not before any
    // handler is chosen
    @PostMapping(path = "/api/v1/services/{serviceCode}/operations/{operationCode}")
    @Operation(
            summary = "Invoke an operation of a service",
            description = "The inputs travel in the JSON body (never in the URL) and are checked against the "
                    + "operation's input schema. 400 VALIDATION_FAILED, 403 CHANNEL_NOT_SUPPORTED / "
                    + "NOT_AVAILABLE_IN_COUNTRY, 404 SERVICE_NOT_FOUND / OPERATION_NOT_FOUND or the department's "
                    + "refusal, 422 the department's refusal, 502 DEPARTMENT_ERROR, 503 DEPARTMENT_UNAVAILABLE "
                    + "(Retry-After), 504 DEPARTMENT_TIMEOUT. A service token must name the citizen in X-On-Behalf-Of; "
                    + "the channel and country are checked for it when it passes the citizen's X-Channel or "
                    + "X-Country on.")
    @ApiResponse(responseCode = "200", description = "The department's answer in data")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: the input breaks the operation's schema",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "413",
            description = "PAYLOAD_TOO_LARGE: the body is over the limit (1 MiB)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "UNSUPPORTED_MEDIA_TYPE: the body is not application/json",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "406",
            description = "NOT_ACCEPTABLE: Accept refuses application/json",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "CHANNEL_NOT_SUPPORTED, NOT_AVAILABLE_IN_COUNTRY or FORBIDDEN",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description =
                    "SERVICE_NOT_FOUND, OPERATION_NOT_FOUND, or the department's refusal (e.g. CONSUMER_NOT_FOUND)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "The department's refusal (e.g. NO_BILL_DUE)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "502",
            description = "DEPARTMENT_ERROR",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "503",
            description = "DEPARTMENT_UNAVAILABLE (circuit open or bulkhead full), with Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "504",
            description = "DEPARTMENT_TIMEOUT",
            content = @Content(mediaType = "application/problem+json"))
    InvocationView invoke(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String serviceCode,
            @PathVariable String operationCode,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The inputs as one JSON object: the members the operation's inputSchema"
                                    + " describes",
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(type = "object")))
                    @RequestBody(required = false)
                    JsonNode input,
            @Parameter(description = "android, ios, web (default) or kaios")
                    @RequestHeader(value = "X-Channel", required = false)
                    String channel,
            @Parameter(description = "ISO 3166-1 alpha-2, IN by default")
                    @RequestHeader(value = "X-Country", required = false)
                    String country,
            HttpServletRequest request)
            throws HttpMediaTypeNotAcceptableException {
        // before the department is called: checked when the answer is written, a refusing Accept
        // would be a 406 for a call the department had already served
        if (!acceptsJson(request)) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
        return invocations.invoke(new InvocationService.Call(
                caller, serviceCode, operationCode, input, channel, country, Problems.requestId(request)));
    }

    /** @return whether the caller's {@code Accept} (none: anything) takes an answer in JSON */
    static boolean acceptsJson(HttpServletRequest request) {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.getQualityValue() > 0 && type.includes(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

    /**
     * A body Spring MVC could not read into {@code input}: not one JSON document (unterminated, two
     * of them, a member given twice, nested too deep), too large (a body of unknown length passing
     * the limit while it is read; {@link InvocationBodyFilter} makes every invocation's body such),
     * or of another content type; or an {@code Accept} that refuses JSON. The caller gets the
     * platform's problem for it; the call is audited and counted like any other.
     */
    @ExceptionHandler({
        HttpMessageNotReadableException.class,
        HttpMediaTypeNotSupportedException.class,
        HttpMediaTypeNotAcceptableException.class
    })
    ResponseEntity<Object> refusedBody(Exception ex, Caller caller, HttpServletRequest request, WebRequest webRequest)
            throws Exception {
        ResponseEntity<Object> answer = problems.handleException(ex, webRequest);
        int status = answer == null
                ? HttpStatus.BAD_REQUEST.value()
                : answer.getStatusCode().value();
        Map<?, ?> variables =
                request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> map
                        ? map
                        : Map.of();
        long started =
                request.getAttribute(InvocationBodyFilter.STARTED) instanceof Long nanos ? nanos : System.nanoTime();
        Instant arrived =
                request.getAttribute(InvocationBodyFilter.ARRIVED) instanceof Instant instant ? instant : null;
        invocations.refusedBody(
                new InvocationService.Call(
                        caller,
                        (String) variables.get("serviceCode"),
                        (String) variables.get("operationCode"),
                        null,
                        request.getHeader("X-Channel"),
                        request.getHeader("X-Country"),
                        Problems.requestId(request)),
                status,
                started,
                arrived);
        return answer;
    }
}
