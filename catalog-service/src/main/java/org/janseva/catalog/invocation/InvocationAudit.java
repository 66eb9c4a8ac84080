package org.janseva.catalog.invocation;

import java.time.Instant;

/**
 * One audited invocation: who, what, when, how it ended and how long it took. Never the inputs:
 * they carry PAN, Aadhaar and account numbers.
 *
 * @param occurredAt when the call arrived
 * @param requestId the request id
 * @param citizenId the citizen (the caller, or the one a service acted for); null when unknown
 * @param clientId the machine client that called (a service acting for a citizen, or another client
 *     such as an operator's, whose call is refused); null when a citizen called
 * @param serviceCode the catalogue entry asked for
 * @param operationCode the operation asked for
 * @param departmentCode the department, null when the entry was unknown
 * @param outcome how it ended
 * @param httpStatus the status answered
 * @param latencyMillis how long it took
 */
record InvocationAudit(
        Instant occurredAt,
        String requestId,
        String citizenId,
        String clientId,
        String serviceCode,
        String operationCode,
        String departmentCode,
        Outcome outcome,
        int httpStatus,
        long latencyMillis) {}
