package org.janseva.catalog.invocation;

/**
 * The answer of {@code POST /api/v1/services/{serviceCode}/operations/{operationCode}}.
 *
 * @param data the department's answer in the platform's shape: a map, or the department's own JSON
 *     object passed on unparsed ({@link tools.jackson.databind.util.RawValue})
 * @param serviceCode the service called
 * @param operationCode the operation called
 * @param requestId the request id, to quote in any enquiry
 */
record InvocationView(Object data, String serviceCode, String operationCode, String requestId) {}
