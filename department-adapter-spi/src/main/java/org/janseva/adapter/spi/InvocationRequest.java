package org.janseva.adapter.spi;

import java.time.Duration;
import java.util.Map;

/**
 * One call of a department operation.
 *
 * @param departmentCode the department called
 * @param serviceCode the catalogue entry the citizen used
 * @param operation the operation, as the catalogue describes it
 * @param input the citizen's input, already validated against the operation's schema
 * @param requestId the platform's request id, to pass on for tracing
 * @param timeout how long the call may take at most
 */
public record InvocationRequest(
        String departmentCode,
        String serviceCode,
        OperationSpec operation,
        Map<String, Object> input,
        String requestId,
        Duration timeout) {

    public InvocationRequest {
        input = input == null ? Map.of() : input;
    }

    /** Never prints the input: it carries PAN, Aadhaar and account numbers. */
    @Override
    public String toString() {
        return "InvocationRequest[department=" + departmentCode + ", service=" + serviceCode + ", operation="
                + (operation == null ? null : operation.code()) + ", inputFields=" + input.keySet() + ", requestId="
                + requestId + ", timeout=" + timeout + "]";
    }
}
