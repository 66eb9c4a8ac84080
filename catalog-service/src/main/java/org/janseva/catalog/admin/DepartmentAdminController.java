package org.janseva.catalog.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.Problems;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The department side of the onboarding API (scope {@code admin}, enforced by the gateway and
 * again here): departments, their services, dry runs and health.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/departments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: departments", description = "Onboarding departments: no code, no restart (scope admin)")
class DepartmentAdminController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final DepartmentAdmin departments;
    private final ServiceAdmin services;
    private final DryRuns dryRuns;
    private final DepartmentHealthReports health;

    DepartmentAdminController(
            DepartmentAdmin departments, ServiceAdmin services, DryRuns dryRuns, DepartmentHealthReports health) {
        this.departments = departments;
        this.services = services;
        this.dryRuns = dryRuns;
        this.health = health;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Add a department",
            description = "The adapter settings are checked by the adapter type (unknown settings refused; header "
                    + "values, credentials and URLs held to the lengths the settingsSchema of GET "
                    + "/api/v1/admin/adapter-types gives, 400 naming the setting); every URL setting by the SSRF guard "
                    + "(http/https only; never the platform's own services, the metadata address, link-local, "
                    + "loopback, unspecified or multicast addresses unless the deployment allows them). Secrets are "
                    + "encrypted at rest and never returned. Audited.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = AdminRequests.DepartmentRequest.class),
                            examples = @ExampleObject(value = AdminRequests.DEPARTMENT_EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "DEPARTMENT_ALREADY_EXISTS",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "URL_NOT_ALLOWED (SSRF guard) or SECRETS_NOT_STORABLE, with errors",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<AdminViews.DepartmentView> create(
            @Parameter(hidden = true) Caller caller, @RequestBody JsonNode body, HttpServletRequest request) {
        AdminViews.DepartmentView view = departments.create(caller, Problems.requestId(request), body);
        return ResponseEntity.created(URI.create("/api/v1/admin/departments/" + view.code()))
                .body(view);
    }

    @GetMapping
    @Operation(summary = "List departments (every one, whatever its services)")
    @ApiResponse(responseCode = "200", description = "A page of departments")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: an unknown type, a bad page or size",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.Page<AdminViews.DepartmentView> list(
            @Parameter(description = "CENTRAL, STATE or UTILITY, in any case") @RequestParam(required = false)
                    String type,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return departments.list(AdminCodes.filter(type), page, size);
    }

    @GetMapping("/{code}")
    @Operation(summary = "A department; secrets shown as ****** and set/unset only")
    @ApiResponse(responseCode = "200", description = "The department")
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.DepartmentView get(@PathVariable String code) {
        return departments.get(AdminCodes.code(code));
    }

    @PatchMapping(
            path = "/{code}",
            consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Change a department (JSON merge patch)",
            description = "Members given replace the stored ones, null removes one, objects merge: "
                    + "{\"adapter\": {\"auth\": {\"apiKey\": \"new-key\"}}} replaces only the key; a secret sent back "
                    + "as ****** keeps its value, so a department read, edited and sent back whole is taken: the "
                    + "answer's own members are read-only (services, createdAt and updatedAt ignored whatever they "
                    + "hold; secrets as read, or as the change makes them, else 400 on secrets). The result is "
                    + "checked as a new department is. A type change to or "
                    + "from UTILITY is refused while the department has services (a biller's services have "
                    + "fetch-bill and confirm-payment, others do not); bbps-biller is for UTILITY departments only; a "
                    + "new adapter type must be able to call every operation of the department's services "
                    + "(422 OPERATIONS_NOT_SUPPORTED naming them). Live on every instance within seconds. Audited "
                    + "with the names of the changed fields.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = AdminRequests.DepartmentRequest.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The department as changed (or as it was, when the patch changes nothing: not audited)")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "URL_NOT_ALLOWED, SECRETS_NOT_STORABLE, or OPERATIONS_NOT_SUPPORTED (the new adapter type "
                    + "cannot call an operation of the department's services), with errors",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.DepartmentView update(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String code,
            @RequestBody JsonNode patch,
            HttpServletRequest request) {
        return departments.update(caller, Problems.requestId(request), AdminCodes.code(code), patch);
    }

    @PostMapping(path = "/{code}/services", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Add a service to a department, as DRAFT",
            description = "The name and the description are given in the same languages (a reader sees both in "
                    + "one). Operations' input schemas are checked as JSON Schema 2020-12: every property needs a title "
                    + "and examples it accepts; path placeholders must be required properties; the adapter type checks "
                    + "each operation and refuses what it would not apply (bbps-biller: POST /bill/fetch and POST "
                    + "/bill/payment only, no responseMapping, no options; epfo: no responseMapping). A UTILITY "
                    + "department's (a biller's) service needs fetch-bill and confirm-payment "
                    + "with input schemas that accept what payment-service sends them. A DRAFT is invisible to "
                    + "citizens until published. Audited.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = AdminRequests.ServiceRequest.class),
                            examples = @ExampleObject(value = AdminRequests.SERVICE_EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Created as DRAFT; Location names it")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "SERVICE_ALREADY_EXISTS, or DEPARTMENT_CHANGED (its type changed meanwhile; send it again)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<AdminViews.ServiceView> createService(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String code,
            @RequestBody JsonNode body,
            HttpServletRequest request) {
        AdminViews.ServiceView view = services.create(caller, Problems.requestId(request), AdminCodes.code(code), body);
        return ResponseEntity.created(URI.create("/api/v1/admin/services/" + view.code()))
                .body(view);
    }

    @GetMapping("/{code}/services")
    @Operation(summary = "A department's services, whatever their status")
    @ApiResponse(responseCode = "200", description = "A page of the department's services")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: an unknown status, a bad page or size",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.Page<AdminViews.ServiceView> services(
            @PathVariable String code,
            @Parameter(description = "PUBLISHED, DRAFT or SUSPENDED, in any case") @RequestParam(required = false)
                    String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return services.list(AdminCodes.code(code), AdminCodes.filter(status), page, size);
    }

    @PostMapping(path = "/{code}/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Try an operation on the department",
            description = "Calls the department with the input, as a citizen's call would (input checked against the "
                    + "schema, same adapter and settings), and answers its raw answer (also when the call failed: "
                    + "its first 4 KiB, rawTruncated when cut; secrets masked), the mapped answer and the "
                    + "latency. Nothing is published; the call is not counted in citizen metrics nor in the "
                    + "department's circuit breaker. outcome: SUCCESS, REFUSED or FAILED. Audited, without the input.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = AdminRequests.DryRunRequest.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The dry run's outcome (SUCCESS, REFUSED or FAILED), the department's raw and mapped "
                    + "answers and the latency")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: the input breaks the schema",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND, SERVICE_NOT_FOUND, OPERATION_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "DEPARTMENT_NOT_READY",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.DryRunView dryRun(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String code,
            @RequestBody JsonNode body,
            HttpServletRequest request) {
        return dryRuns.run(caller, Problems.requestId(request), AdminCodes.code(code), body);
    }

    @GetMapping("/{code}/health")
    @Operation(
            summary = "A department's health",
            description = "Its circuit on the instance that answers (state, failure and slow-call rates, calls in "
                    + "flight), its calls over the last minutes on every instance (error rate, latency percentiles "
                    + "p50/p90/p95/p99/max in ms), and with probe=true a live probe through its adapter.")
    @ApiResponse(responseCode = "200", description = "The department's health report")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: minutes out of range, probe neither true nor false",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.HealthView health(
            @PathVariable String code,
            @Parameter(description = "The window in minutes (default 5, at most 60)") @RequestParam(required = false)
                    Integer minutes,
            @Parameter(description = "Also probe the department now") @RequestParam(defaultValue = "false")
                    boolean probe) {
        return health.report(AdminCodes.code(code), minutes, probe);
    }
}
