package org.janseva.adapter.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the catalogue says about one operation of a service, as far as the adapter needs it.
 *
 * @param code the operation's code, e.g. {@code passbook} or {@code fetch-bill}
 * @param method the HTTP method the department expects, for HTTP-based types
 * @param path the path template, with {@code {placeholders}} filled from the input
 * @param responseMapping output field to JSON pointer into the department's answer, in the order
 *     of the answer's fields; empty means the answer is passed on as it is
 * @param idempotent whether the operation may be retried
 * @param options further per-operation settings of the adapter type (query and header mappings)
 * @param inputFields the properties the operation's input schema defines (its top level), so that
 *     {@link DepartmentAdapter#validateOperation} can refuse options naming an input field no input
 *     can have, and an invocation sends no other input field to the department (in a URL or a
 *     body); {@code null} where they are not given
 */
public record OperationSpec(
        String code,
        String method,
        String path,
        Map<String, String> responseMapping,
        boolean idempotent,
        Map<String, Object> options,
        Set<String> inputFields) {

    public OperationSpec {
        // kept in its order: the mapped answer's fields come in it
        responseMapping =
                responseMapping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(responseMapping));
        options = options == null ? Map.of() : Map.copyOf(options);
        inputFields = inputFields == null ? null : Set.copyOf(inputFields);
    }

    /** An operation whose input fields are not given (a dry run). */
    public OperationSpec(
            String code,
            String method,
            String path,
            Map<String, String> responseMapping,
            boolean idempotent,
            Map<String, Object> options) {
        this(code, method, path, responseMapping, idempotent, options, null);
    }
}
