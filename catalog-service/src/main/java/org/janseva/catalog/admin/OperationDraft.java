package org.janseva.catalog.admin;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An operation of a service, as a request gives it (checked field by field) or as it is stored.
 *
 * @param at where it is, for field errors: {@code operations[0]} in a request, {@code
 *     services.KA-DL.operations.status} for a stored one
 * @param code its code
 * @param names its name per language
 * @param method the HTTP method
 * @param path the path template
 * @param inputSchema the input schema
 * @param responseMapping output field to JSON pointer
 * @param idempotent whether it may be retried
 * @param cacheTtlSeconds how long its answers may be cached, or {@code null}
 * @param visibility CITIZEN or SERVICE
 * @param options the adapter type's further settings
 */
record OperationDraft(
        String at,
        String code,
        Map<String, String> names,
        String method,
        String path,
        JsonNode inputSchema,
        Map<String, String> responseMapping,
        boolean idempotent,
        Integer cacheTtlSeconds,
        String visibility,
        Map<String, Object> options) {}
