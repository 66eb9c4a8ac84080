package org.janseva.catalog.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the admin API's request bodies, for the OpenAPI document. The controllers read the
 * bodies as JSON trees so that every wrong field is named in one answer ({@link RequestFields}).
 */
final class AdminRequests {

    private AdminRequests() {}

    static final String DEPARTMENT_EXAMPLE = """
            {"code": "KA-RTO", "name": {"en": "Transport Department, Karnataka", "hi": "परिवहन विभाग, कर्नाटक"},
             "type": "STATE", "state": "KA",
             "adapter": {"type": "rest-json", "baseUrl": "https://rto.karnataka.example/api",
                         "auth": {"type": "api-key", "headerName": "X-Api-Key", "apiKey": "the-key"},
                         "timeoutMs": 2500, "maxConcurrentCalls": 20}}""";

    static final String SERVICE_EXAMPLE = """
            {"code": "KA-RTO-DL-STATUS", "name": {"en": "Driving licence status"},
             "description": {"en": "Check whether a driving licence is valid and until when."},
             "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
             "operations": [{"code": "licence-status", "name": {"en": "Licence status"}, "method": "GET",
               "path": "/licences/{licenceNumber}",
               "inputSchema": {"type": "object", "required": ["licenceNumber"], "additionalProperties": false,
                 "properties": {"licenceNumber": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{13}$",
                   "title": "Licence number", "x-title": {"hi": "लाइसेंस संख्या"}, "examples": ["KA0120110012345"]}}},
               "responseMapping": {"status": "/result/status", "holder.name": "/result/holderName"},
               "idempotent": true, "cacheTtlSeconds": 300}]}""";

    @Schema(description = "A department and its adapter instance")
    record DepartmentRequest(
            @Schema(description = "Upper-case letters, digits and -; unique", example = "KA-RTO")
            String code,

            @Schema(description = "The name per language (en required; hi as bn gu kn ml mr or pa ta te ur)")
            Map<String, String> name,

            @Schema(allowableValues = {"CENTRAL", "STATE", "UTILITY"})
            String type,

            @Schema(description = "The state code: required for STATE, absent for CENTRAL", example = "KA")
            String state,

            @Schema(
                    description = "The adapter type (GET /api/v1/admin/adapter-types) and its settings; "
                            + "secrets are write-only: encrypted at rest, shown as ****** and as set/unset. "
                            + "Every URL passes the SSRF guard.")
            Map<String, Object> adapter) {}

    @Schema(description = "A service (catalogue entry), created as DRAFT")
    record ServiceRequest(
            @Schema(example = "KA-RTO-DL-STATUS") String code,

            @Schema(description = "The name per language (en required; hi as bn gu kn ml mr or pa ta te ur)")
            Map<String, String> name,

            @Schema(description = "The description per language: in the same languages as the name")
            Map<String, String> description,

            @Schema(description = "A category code (GET /api/v1/catalog/categories)", example = "transport")
            String category,

            @Schema(description = "android, ios, web, kaios")
            List<String> channels,

            @Schema(description = "ISO 3166-1 alpha-2 codes, IN included")
            List<String> countries,

            @Schema(description = "Extra search terms per language")
            Map<String, List<String>> synonyms,

            List<OperationRequest> operations) {}

    @Schema(description = "An operation of a service")
    record OperationRequest(
            @Schema(example = "licence-status") String code,
            Map<String, String> name,

            @Schema(allowableValues = {"GET", "POST", "PUT", "PATCH", "DELETE"})
            String method,

            @Schema(
                    description =
                            "Relative to the department's baseUrl; path {placeholders} are required input fields, a query part's may be optional (left out when the field is)")
            String path,

            @Schema(
                    description = "JSON Schema 2020-12 of the input object; every property has title and "
                            + "examples (x-title: the other languages); no $ref, $dynamicRef or $recursiveRef")
            Map<String, Object> inputSchema,

            @Schema(
                    description = "Output field (dots nest; none under another) to JSON pointer into the department's"
                            + " answer; the answer's fields come in this order")
            Map<String, String> responseMapping,

            boolean idempotent,

            @Schema(description = "Seconds an answer may be cached per citizen")
            Integer cacheTtlSeconds,

            @Schema(
                    allowableValues = {"CITIZEN", "SERVICE"},
                    defaultValue = "CITIZEN")
            String visibility,

            @Schema(description = "Per-operation settings of the adapter type (query, headers, refusals, ...)")
            Map<String, Object> options) {}

    @Schema(description = "One operation to try on the department")
    record DryRunRequest(
            @Schema(example = "KA-RTO-DL-STATUS") String serviceCode,
            @Schema(example = "licence-status") String operationCode,

            @Schema(description = "The operation's input, checked against its schema")
            Map<String, Object> input) {}

    @Schema(description = "A service's new status")
    record StatusRequest(
            @Schema(allowableValues = {"PUBLISHED", "DRAFT", "SUSPENDED"})
            String status) {}
}
