package org.janseva.catalog.browse;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The shapes of the catalogue's read API (API.md, Catalog). */
final class Views {

    private Views() {}

    /** A department as a service item names it. */
    record DepartmentRef(String code, String name) {}

    /** An entry's ratings. */
    record RatingView(BigDecimal average, int count) {}

    /** An item of the services list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceView(
            String code,
            String name,
            String description,
            String language,
            String type,
            String category,
            DepartmentRef department,
            String state,
            List<String> channels,
            List<String> countries,
            RatingView rating) {}

    /** An operation a citizen can call, with the form to render. */
    record OperationView(String code, String name, String language, JsonNode inputSchema) {}

    /** A service with its operations. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceDetailView(
            String code,
            String name,
            String description,
            String language,
            String type,
            String category,
            DepartmentRef department,
            String state,
            List<String> channels,
            List<String> countries,
            RatingView rating,
            List<OperationView> operations) {}

    /** A department (or biller) with its live status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DepartmentView(
            String code, String name, String language, String type, String state, String status, int services) {}

    /** A category with the number of services the reader can see in it. */
    record CategoryView(String code, String name, String language, int services) {}

    /** A state with the number of its state services the reader can see. */
    record StateView(String code, String name, String language, int services) {}

    /** {@code GET /api/v1/catalog/stats}: PUBLISHED services only. */
    record StatsView(
            int services,
            int central,
            int state,
            int utility,
            int centralDepartments,
            int stateDepartments,
            int states,
            int kaiosServices,
            int internationalServices) {}
}
