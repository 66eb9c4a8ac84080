package org.janseva.payment.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A parameter a handler takes one value of ({@code page}, {@code size}, {@code status}) sent more
 * than once is a 400 {@code VALIDATION_FAILED} naming it, before the handler runs. Spring binds
 * the first of the values to a number and joins them with commas into a string, so {@code
 * ?size=1&size=5} was answered as {@code size=1}: the client meant one of them and could not tell
 * which was taken. A parameter bound to an array, a collection or a map takes all its values and
 * is left alone.
 */
final class RepeatedParameterCheck implements HandlerInterceptor {

    static final String MESSAGE = "must be sent once";

    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        List<FieldErrorView> errors = new ArrayList<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null || takesEveryValue(parameter)) {
                continue;
            }
            String name = name(annotation, parameter);
            String[] values = name == null ? null : request.getParameterValues(name);
            if (values != null && values.length > 1) {
                errors.add(new FieldErrorView(name, MESSAGE));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldErrorView::field));
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            "VALIDATION_FAILED",
                            "Validation failed",
                            "The request has invalid fields; see errors.")
                    .withProperty("errors", errors);
        }
        return true;
    }

    private static boolean takesEveryValue(MethodParameter parameter) {
        Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
        return type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
    }

    private String name(RequestParam annotation, MethodParameter parameter) {
        if (!annotation.name().isEmpty()) {
            return annotation.name();
        }
        if (!annotation.value().isEmpty()) {
            return annotation.value();
        }
        // the mapping's parameters are shared: discover the name on a copy
        MethodParameter copy = parameter.clone();
        copy.initParameterNameDiscovery(names);
        return copy.getParameterName();
    }
}
