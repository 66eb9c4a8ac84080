package org.janseva.catalog.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.Problems;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Services (catalogue entries) by code, whatever their status, and their life cycle (scope {@code admin}). */
@RestController
@RequestMapping(path = "/api/v1/admin/services", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin: services", description = "A service's definition and life cycle (scope admin)")
class ServiceAdminController {

    private final ServiceAdmin services;

    ServiceAdminController(ServiceAdmin services) {
        this.services = services;
    }

    @GetMapping("/{code}")
    @Operation(summary = "A service with its operations, whatever its status")
    @ApiResponse(responseCode = "200", description = "The service")
    @ApiResponse(
            responseCode = "404",
            description = "SERVICE_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.ServiceView get(@PathVariable String code) {
        return services.get(AdminCodes.code(code));
    }

    @PatchMapping(
            path = "/{code}",
            consumes = {DepartmentAdminController.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Publish, suspend or withdraw a service",
            description = "PUBLISHED: listed, searchable and callable by citizens; DRAFT or SUSPENDED: neither (404 to "
                    + "citizens). Live at once on the instance that answers and within seconds on every other, with "
                    + "no restart; search, listings and figures follow. Publishing needs a department that can be "
                    + "called (422 DEPARTMENT_NOT_READY) whose adapter type can call each of the service's operations "
                    + "as stored, and a name and description given in the same languages (422 SERVICE_NOT_READY). "
                    + "Audited.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = AdminRequests.StatusRequest.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The service with its status (unchanged, and not audited, when it had that status)")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "SERVICE_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "DEPARTMENT_NOT_READY or SERVICE_NOT_READY, with errors",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.ServiceView changeStatus(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String code,
            @RequestBody JsonNode body,
            HttpServletRequest request) {
        return services.changeStatus(caller, Problems.requestId(request), AdminCodes.code(code), body);
    }
}
