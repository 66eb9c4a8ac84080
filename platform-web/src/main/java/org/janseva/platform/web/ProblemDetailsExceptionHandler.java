package org.janseva.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place where exceptions become RFC 9457 problem documents in every servlet service.
 * Clients see a stable {@code code}, a human {@code title} and a safe {@code detail}; never a
 * stack trace, SQL or a class name. Unexpected failures are logged here, with the request id.
 */
@RestControllerAdvice
public class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    private final DependencyUnavailable serviceTokens = new DependencyUnavailable("The authorization server", log);

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(
            Integer.class,
            int.class,
            Long.class,
            long.class,
            Short.class,
            short.class,
            Byte.class,
            byte.class,
            BigInteger.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        ProblemDetail problem =
                Problems.of(ex.getStatus(), ex.getCode(), ex.getTitle(), ex.getMessage(), servletRequest);
        ex.getProperties().forEach(problem::setProperty);
        return problemResponse(problem, ex.getHeaders());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldErrorView> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldErrorView(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldErrorView::field))
                .toList();
        return problemResponse(Problems.validation(errors, servletRequest(request)), new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        String expected = ex.getRequiredType() == null
                ? "a valid value"
                : "a valid " + ex.getRequiredType().getSimpleName().toLowerCase();
        List<FieldErrorView> errors = List.of(new FieldErrorView(ex.getName(), "must be " + expected));
        return problemResponse(Problems.validation(errors, servletRequest(request)), new HttpHeaders());
    }

    /**
     * A query or form parameter Tomcat cannot decode ({@code ?q=%zz}, bytes that are not UTF-8):
     * the client's mistake, answered like any invalid field, with the parameter named when Tomcat
     * says which it is.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameter(InvalidParameterException ex, WebRequest request) {
        List<FieldErrorView> errors = List.of(
                new FieldErrorView(NulParameterFilter.parameterNamedBy(ex, "query"), NulParameterFilter.UNDECODABLE));
        return problemResponse(Problems.validation(errors, servletRequest(request)), new HttpHeaders());
    }

    /** springdoc's answer to a group it does not have ({@code /v3/api-docs/nope}): no such resource. */
    @ExceptionHandler(OpenApiResourceNotFoundException.class)
    ResponseEntity<Object> handleUnknownApiDocsGroup(OpenApiResourceNotFoundException ex, WebRequest request) {
        return problemResponse(
                Problems.forStatus(HttpStatus.NOT_FOUND, "No such resource.", servletRequest(request)),
                new HttpHeaders());
    }

    /**
     * A call to another of the platform's services needed a service token and user-service, which
     * issues them, cannot be reached: 503 with {@code Retry-After}, not a 500 with a stack trace (a
     * bill fetch during a user-service outage longer than a token's life).
     */
    @ExceptionHandler(ServiceTokenClient.ServiceTokenException.class)
    ResponseEntity<Object> handleServiceTokenUnavailable(
            ServiceTokenClient.ServiceTokenException ex, WebRequest request) {
        return serviceTokens.answer(ex, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unexpected failure", ex);
        return problemResponse(
                Problems.forStatus(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "The request could not be completed; quote the request id when you report it.",
                        servletRequest(request)),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldErrorView> errors = new ArrayList<>();
        Object target = ex.getBindingResult().getTarget();
        Class<?> type = target == null ? null : target.getClass();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldErrorView(JsonFieldNames.of(type, error.getField()), error.getDefaultMessage()));
        }
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(new FieldErrorView(error.getObjectName(), error.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldErrorView::field));
        return problemResponse(Problems.validation(errors, servletRequest(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldErrorView> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            Class<?> type =
                    result.getArgument() == null ? null : result.getArgument().getClass();
            result.getResolvableErrors()
                    .forEach(error -> errors.add(new FieldErrorView(
                            error instanceof FieldError fieldError
                                    ? JsonFieldNames.of(type, fieldError.getField())
                                    : name,
                            error.getDefaultMessage())));
        }
        errors.sort(Comparator.comparing(FieldErrorView::field));
        return problemResponse(Problems.validation(errors, servletRequest(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        List<FieldErrorView> errors = List.of(new FieldErrorView(ex.getParameterName(), "is required"));
        return problemResponse(Problems.validation(errors, servletRequest(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiException cause = findCause(ex, ApiException.class);
        if (cause != null) {
            // e.g. the body-size limit tripping while the JSON was being read
            return handleApiException(cause, request);
        }
        return problemResponse(Problems.validation(List.of(unreadable(ex)), servletRequest(request)), headers);
    }

    /**
     * Where an unreadable body went wrong: a string with a NUL character (refused by {@link
     * NulCharacters}, PostgreSQL would fail on it), a fraction where a whole number belongs (refused because
     * platform-defaults.yml turns off Jackson's float-to-int coercion), a member given twice in one
     * object or a value of the wrong type (refused by {@link StrictJson} and platform-defaults.yml
     * rather than coerced), a number out of its field's range, another value of the wrong shape,
     * each named by its path in the body,
     * or the body as a whole when it is not JSON.
     */
    private static FieldErrorView unreadable(HttpMessageNotReadableException ex) {
        NulCharacters.NulCharacterException nul = findCause(ex, NulCharacters.NulCharacterException.class);
        if (nul != null) {
            return new FieldErrorView(field(nul), nul.fieldMessage());
        }
        InputCoercionException range = findCause(ex, InputCoercionException.class);
        if (range != null && range.processor() != null && range.processor().streamReadContext() != null) {
            return new FieldErrorView(
                    memberField(range.processor().streamReadContext()), outOfRange(range.getTargetType()));
        }
        InvalidFormatException invalid = findCause(ex, InvalidFormatException.class);
        if (invalid != null && isFraction(invalid.getValue()) && WHOLE_NUMBERS.contains(invalid.getTargetType())) {
            return new FieldErrorView(field(invalid), "must be a whole number, without a decimal point");
        }
        StreamReadException duplicate = findCause(ex, StreamReadException.class);
        if (duplicate != null && isDuplicateMember(duplicate)) {
            return new FieldErrorView(
                    memberField(duplicate.processor().streamReadContext()),
                    "is given more than once in the same object");
        }
        MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
        if (mismatch != null && !field(mismatch).equals("body")) {
            return new FieldErrorView(field(mismatch), expected(mismatch.getTargetType()));
        }
        DatabindException wrongShape = findCause(ex, DatabindException.class);
        if (wrongShape != null && !field(wrongShape).equals("body")) {
            return new FieldErrorView(field(wrongShape), "has the wrong type or shape");
        }
        return new FieldErrorView("body", "is missing or is not valid JSON of the expected shape");
    }

    /** @return what is wrong with a number too large (or too small) for its field */
    private static String outOfRange(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "is out of range: must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "is out of range: must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "is out of range: must be a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == Byte.class || type == byte.class) {
            return "is out of range: must be a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "is out of range for this field";
    }

    /** @return what the value should have been, in JSON's terms */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type or shape";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "must be a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return WHOLE_NUMBERS.contains(type) ? "must be a whole number" : "must be a number";
        }
        return "has the wrong type or shape";
    }

    /**
     * Jackson's parser refuses a duplicate with a plain {@link StreamReadException} (no subclass
     * says it), while its stream context still points at the member.
     */
    private static boolean isDuplicateMember(StreamReadException ex) {
        return ex.processor() != null
                && ex.processor().streamReadContext() != null
                && String.valueOf(ex.getOriginalMessage()).startsWith("Duplicate Object property");
    }

    /**
     * @return the path of the member the parser was at, e.g. {@code amount.value} or
     *     {@code items[2].count}; up to the object that holds it when a name is not fit to repeat
     */
    private static String memberField(TokenStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.currentName() != null) {
                if (!fitToRepeat(c.currentName())) {
                    segments.clear();
                    continue;
                }
                segments.push(c.currentName());
            } else if (c.inArray()) {
                segments.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        StringBuilder field = new StringBuilder();
        for (String segment : segments) {
            field.append(field.isEmpty() || segment.startsWith("[") ? "" : ".").append(segment);
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String supported = MediaType.toString(ex.getSupportedMediaTypes());
        return problemResponse(
                Problems.forStatus(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        supported.isEmpty()
                                ? "This endpoint does not accept that content type."
                                : "This endpoint accepts " + supported + ".",
                        servletRequest(request)),
                headers);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problemResponse(
                Problems.forStatus(HttpStatus.NOT_FOUND, "No such resource.", servletRequest(request)), headers);
    }

    /**
     * Every other standard Spring MVC exception: keep its status, replace its text by the
     * platform's generic code and title, and keep Spring's detail (it never holds class names).
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            List<FieldErrorView> errors = List.of(new FieldErrorView(missing.getHeaderName(), "header is required"));
            return problemResponse(Problems.validation(errors, servletRequest(request)), headers);
        }
        String detail = body instanceof ProblemDetail existing ? existing.getDetail() : null;
        return problemResponse(Problems.forStatus(statusCode, detail, servletRequest(request)), headers);
    }

    static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.addAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus())
                .headers(responseHeaders)
                .body(problem);
    }

    static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class)
                : null;
    }

    private static boolean isFraction(Object value) {
        return value instanceof Double || value instanceof Float || value instanceof BigDecimal;
    }

    /** @return where the value is in the body, e.g. {@code stars} or {@code items[2].count} */
    private static String field(JacksonException ex) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /** A member name of at most 64 characters without control characters. */
    private static boolean fitToRepeat(String name) {
        return !name.isEmpty() && name.length() <= 64 && name.chars().noneMatch(Character::isISOControl);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
