package org.janseva.catalog.invocation;

import java.util.Map;

/**
 * The answer of {@code POST /api/v1/services/{serviceCode}/operations/{operationCode}}.
 *
 * @param data the department's answer in the platform's shape
 * @param serviceCode the service called
 * @param operationCode the operation called
 * @param requestId the request id, to quote in any enquiry
 */
record InvocationView(Map<String, Object> data, String serviceCode, String operationCode, String requestId) {}
