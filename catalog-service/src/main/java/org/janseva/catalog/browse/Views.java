package org.janseva.catalog.browse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The shapes of the catalogue's read API (API.md, Catalog). */
final class Views {

    private Views() {}

    /**
     * A department as a service item names it. Its name is resolved on its own (a department may
     * have a name in the reader's language that its service lacks), so it says its own language.
     */
    @Schema(description = "The department (or biller) offering the service")
    record DepartmentRef(
            @Schema(example = "EPFO") String code,

            @Schema(
                    description = "The department's name in the reader's language, or in English when it has none "
                            + "in that language (then language says en)")
            String name,

            @Schema(
                    description = "The language of this name (one of en hi as bn gu kn ml mr or pa ta te ur): "
                            + "the reader's, or en when the name fell back to English; it may differ from "
                            + "the service item's own language",
                    example = "hi")
            String language) {}

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
    record OperationView(
            String code,
            String name,
            String language,

            @Schema(
                    description = "The JSON Schema (2020-12) of the operation's input, an object: the form to render,"
                            + " each property with a localised title and an examples value")
            JsonNode inputSchema) {}

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
            String code,
            String name,

            @Schema(description = "The language of name: the reader's, or en when the name fell back to English")
            String language,

            String type,
            String state,
            String status,

            @Schema(
                    description = "How many of its services the reader (X-Channel, X-Country) sees: what "
                            + "/services?department={code} lists to the same reader; 0 when none is offered "
                            + "on that channel or in that country")
            int services) {}

    /** A category with the number of services the reader can see in it. */
    record CategoryView(String code, String name, String language, int services) {}

    /** A state with the number of services in it the reader can see, as {@code /services?state=} lists them. */
    record StateView(
            String code,
            String name,
            String language,

            @Schema(
                    description = "How many services the reader (X-Channel, X-Country) sees in the state: "
                            + "what /services?state={code} lists to the same reader, that is the services "
                            + "of every type whose department is in the state (its state services and its "
                            + "utility billers)")
            int services) {}

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
