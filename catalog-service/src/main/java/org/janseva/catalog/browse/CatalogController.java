package org.janseva.catalog.browse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.janseva.catalog.browse.Views.CategoryView;
import org.janseva.catalog.browse.Views.DepartmentView;
import org.janseva.catalog.browse.Views.ServiceDetailView;
import org.janseva.catalog.browse.Views.ServiceView;
import org.janseva.catalog.browse.Views.StateView;
import org.janseva.catalog.browse.Views.StatsView;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.CatalogueType;
import org.janseva.catalog.catalogue.Category;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.Department;
import org.janseva.catalog.catalogue.DepartmentHealth;
import org.janseva.catalog.catalogue.DepartmentStatus;
import org.janseva.catalog.catalogue.LocalizedText;
import org.janseva.catalog.catalogue.State;
import org.janseva.catalog.search.CatalogueSearch;
import org.janseva.catalog.search.IndexedCatalogue;
import org.janseva.catalog.search.SearchFilter;
import org.janseva.catalog.search.SearchHits;
import org.janseva.platform.web.ApiException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalogue's public read API (API.md, Catalog): services with filters and search, a
 * service's operations, departments with their live status, categories, states and figures. Every
 * answer comes from the in-memory catalogue snapshot, carries an ETag and is localised for the
 * reader.
 */
@RestController
@RequestMapping(path = "/api/v1/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalog", description = "Browsing and searching the catalogue of services")
class CatalogController {

    static final int MAX_QUERY_LENGTH = 100;

    private final Catalogue catalogue;
    private final CatalogueSearch search;
    private final CatalogueViews views;
    private final CachedAnswers answers;
    private final DepartmentHealth health;

    CatalogController(
            Catalogue catalogue,
            CatalogueSearch search,
            CatalogueViews views,
            CachedAnswers answers,
            ObjectProvider<DepartmentHealth> health) {
        this.catalogue = catalogue;
        this.search = search;
        this.views = views;
        this.answers = answers;
        this.health = health.getIfAvailable(() -> code -> DepartmentStatus.UP);
    }

    @GetMapping("/services")
    @Operation(
            summary = "List or search services",
            description = "Only PUBLISHED services offered on the reader's channel (X-Channel) and in the reader's "
                    + "country (X-Country) are listed. q searches names, descriptions, departments, categories and "
                    + "synonyms in the 13 languages and their Latin transliteration, tolerating small typos; results "
                    + "are then ranked best first, otherwise in catalogue order. 400 VALIDATION_FAILED for an unknown "
                    + "type, category, department, state, language or channel, or a size over 100.")
    @ApiResponse(responseCode = "200", description = "A page of services")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a filter that names nothing the catalogue offers "
                    + "(a department without published services included), a bad lang, X-Channel, X-Country, page or "
                    + "size",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<PageView<ServiceView>> services(
            @Parameter(description = "search text, any language or script, at most 100 characters")
                    @RequestParam(required = false)
                    String q,
            @Parameter(description = "CENTRAL, STATE or UTILITY") @RequestParam(required = false) String type,
            @Parameter(description = "a category code, e.g. electricity") @RequestParam(required = false)
                    String category,
            @Parameter(description = "a department code, e.g. EPFO") @RequestParam(required = false) String department,
            @Parameter(description = "a state code, e.g. KA") @RequestParam(required = false) String state,
            @RequestParam(required = false) String page,
            @Parameter(description = "1 to 100, 20 by default") @RequestParam(required = false) String size,
            @Parameter(description = "overrides Accept-Language: en hi as bn gu kn ml mr or pa ta te ur")
                    @RequestParam(required = false)
                    String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @Parameter(description = "android, ios, web (default) or kaios")
                    @RequestHeader(value = "X-Channel", required = false)
                    String channel,
            @Parameter(description = "ISO 3166-1 alpha-2, IN by default")
                    @RequestHeader(value = "X-Country", required = false)
                    String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        PageRequest paging = PageRequest.of(page, size, 20);
        // the snapshot with its index, as one reference: the listing, the search and the tag are of
        // one catalogue version, even while a newer one is being indexed
        IndexedCatalogue indexed = search.current();
        CatalogueSnapshot snapshot = indexed.snapshot();
        SearchFilter filter = new SearchFilter(
                reader.channel(),
                reader.country(),
                type(type),
                known("category", category, code -> snapshot.category(code).isPresent()),
                // a department that offers no published service is as unknown here as at
                // /departments/{code}: the answer must not tell that an unpublished code exists
                known(
                        "department",
                        department,
                        code -> snapshot.department(code)
                                .filter(found -> offersServices(snapshot, found))
                                .isPresent()),
                known("state", state, code -> snapshot.state(code).isPresent()));
        String query = q == null ? "" : q.strip();
        if (query.codePointCount(0, query.length()) > MAX_QUERY_LENGTH) {
            throw BadRequests.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return answers.answer(request, reader, snapshot.version(), true, () -> {
            if (!query.isEmpty()) {
                SearchHits hits = indexed.search(query, filter, paging.offset(), paging.size());
                List<ServiceView> items = hits.entries().stream()
                        .map(entry -> views.item(entry, reader.language()))
                        .toList();
                return PageView.of(items, hits.total(), paging);
            }
            List<CatalogueEntry> listed =
                    snapshot.entries().stream().filter(filter::matches).toList();
            return PageView.of(listed, paging).map(entry -> views.item(entry, reader.language()));
        });
    }

    @GetMapping("/services/{code}")
    @Operation(
            summary = "A service with its operations",
            description = "Each operation has its localised name and the JSON Schema of its input, every property with "
                    + "a localised title and examples. 404 SERVICE_NOT_FOUND for an unknown or unpublished code.")
    @ApiResponse(responseCode = "200", description = "The service")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a bad lang, X-Channel or X-Country",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "SERVICE_NOT_FOUND: no such service is published",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ServiceDetailView> service(
            @PathVariable String code,
            @RequestParam(required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @RequestHeader(value = "X-Channel", required = false) String channel,
            @RequestHeader(value = "X-Country", required = false) String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        CatalogueSnapshot snapshot = catalogue.current();
        CatalogueEntry entry = snapshot.entry(code.toUpperCase(Locale.ROOT))
                .filter(CatalogueEntry::published)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "SERVICE_NOT_FOUND", "Service not found", "No such service is offered."));
        return answers.answer(request, reader, snapshot.version(), true, () -> views.detail(entry, reader.language()));
    }

    @GetMapping("/departments")
    @Operation(
            summary = "List departments and billers",
            description = "Departments with at least one published service, by code, each with its live status "
                    + "(UP, DEGRADED or DOWN) and the number of its services the reader (channel, country) sees: "
                    + "what /services?department={code} lists to the same reader, 0 when none of them is offered "
                    + "on that channel or in that country (the department is listed all the same).")
    @ApiResponse(responseCode = "200", description = "A page of departments")
    @ApiResponse(
            responseCode = "400",
            description =
                    "VALIDATION_FAILED with errors: an unknown type or state, a bad lang, X-Channel, X-Country, page or size",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<PageView<DepartmentView>> departments(
            @Parameter(description = "CENTRAL, STATE or UTILITY") @RequestParam(required = false) String type,
            @Parameter(description = "a state code, e.g. KA") @RequestParam(required = false) String state,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size,
            @RequestParam(required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @RequestHeader(value = "X-Channel", required = false) String channel,
            @RequestHeader(value = "X-Country", required = false) String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        PageRequest paging = PageRequest.of(page, size, 20);
        CatalogueSnapshot snapshot = catalogue.current();
        CatalogueType wantedType = type(type);
        String wantedState = known("state", state, code -> snapshot.state(code).isPresent());
        // statuses are live: they are part of the tag, and clients revalidate every time
        List<DepartmentView> listed = new ArrayList<>();
        for (Department department : snapshot.departments()) {
            if (offersServices(snapshot, department)
                    && (wantedType == null || department.type() == wantedType)
                    && (wantedState == null || wantedState.equals(department.stateCode()))) {
                listed.add(department(department, visibleServices(snapshot, department, reader), reader));
            }
        }
        return answers.answerLive(
                request, reader, snapshot.version(), statuses(listed), () -> PageView.of(listed, paging));
    }

    @GetMapping("/departments/{code}")
    @Operation(
            summary = "A department with its live status",
            description = "services counts what /services?department={code} lists to the same reader (channel, "
                    + "country), 0 when none of its services is offered there. 404 DEPARTMENT_NOT_FOUND for an "
                    + "unknown code or a department without published services.")
    @ApiResponse(responseCode = "200", description = "The department")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a bad lang, X-Channel or X-Country",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "DEPARTMENT_NOT_FOUND: no such department offers published services",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<DepartmentView> department(
            @PathVariable String code,
            @RequestParam(required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @RequestHeader(value = "X-Channel", required = false) String channel,
            @RequestHeader(value = "X-Country", required = false) String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        CatalogueSnapshot snapshot = catalogue.current();
        Department department = snapshot.department(code.toUpperCase(Locale.ROOT))
                .filter(found -> offersServices(snapshot, found))
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "DEPARTMENT_NOT_FOUND",
                        "Department not found",
                        "No such department offers services."));
        DepartmentView view = department(department, visibleServices(snapshot, department, reader), reader);
        return answers.answerLive(request, reader, snapshot.version(), statuses(List.of(view)), () -> view);
    }

    @GetMapping("/categories")
    @Operation(
            summary = "List categories",
            description = "In display order, each with the number of services the reader (channel, country) sees.")
    @ApiResponse(responseCode = "200", description = "A page of categories")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a bad lang, X-Channel, X-Country, page or size",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<PageView<CategoryView>> categories(
            @RequestParam(required = false) String page,
            @Parameter(description = "1 to 100, 100 by default") @RequestParam(required = false) String size,
            @RequestParam(required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @RequestHeader(value = "X-Channel", required = false) String channel,
            @RequestHeader(value = "X-Country", required = false) String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        PageRequest paging = PageRequest.of(page, size, PageRequest.MAX_SIZE);
        CatalogueSnapshot snapshot = catalogue.current();
        return answers.answer(request, reader, snapshot.version(), false, () -> {
            Map<String, Integer> counts = visibleCounts(snapshot, reader, CatalogueEntry::categoryCode);
            List<CategoryView> items = new ArrayList<>();
            for (Category category : snapshot.categories()) {
                LocalizedText.Resolved name = category.name().in(reader.language());
                items.add(new CategoryView(
                        category.code(), name.text(), name.language().code(), counts.getOrDefault(category.code(), 0)));
            }
            return PageView.of(items, paging);
        });
    }

    @GetMapping("/states")
    @Operation(
            summary = "List states",
            description = "By English name, each with the number of services the reader (channel, country) sees "
                    + "in the state: what /services?state={code} lists to the same reader, its departments' "
                    + "services of every type (state services and the state's utility billers).")
    @ApiResponse(responseCode = "200", description = "A page of states")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a bad lang, X-Channel, X-Country, page or size",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<PageView<StateView>> states(
            @RequestParam(required = false) String page,
            @Parameter(description = "1 to 100, 100 by default") @RequestParam(required = false) String size,
            @RequestParam(required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage,
            @RequestHeader(value = "X-Channel", required = false) String channel,
            @RequestHeader(value = "X-Country", required = false) String country,
            HttpServletRequest request) {
        Reader reader = Reader.of(lang, acceptLanguage, channel, country);
        PageRequest paging = PageRequest.of(page, size, PageRequest.MAX_SIZE);
        CatalogueSnapshot snapshot = catalogue.current();
        return answers.answer(request, reader, snapshot.version(), false, () -> {
            // keyed as /services?state= filters: by the entry's department's state, whatever its type
            Map<String, Integer> counts =
                    visibleCounts(snapshot, reader, entry -> entry.department().stateCode());
            List<StateView> items = new ArrayList<>();
            for (State state : snapshot.states()) {
                LocalizedText.Resolved name = state.name().in(reader.language());
                items.add(new StateView(
                        state.code(), name.text(), name.language().code(), counts.getOrDefault(state.code(), 0)));
            }
            return PageView.of(items, paging);
        });
    }

    @GetMapping("/stats")
    @Operation(
            summary = "The catalogue's figures",
            description = "Counts PUBLISHED services (on any channel, in any country): all, central, state and utility "
                    + "ones, the central and state departments and the states that offer them, those on KaiOS and "
                    + "those offered outside India.")
    ResponseEntity<StatsView> stats(HttpServletRequest request) {
        CatalogueSnapshot snapshot = catalogue.current();
        return answers.answer(request, null, snapshot.version(), false, () -> stats(snapshot));
    }

    static StatsView stats(CatalogueSnapshot snapshot) {
        int services = 0;
        int central = 0;
        int state = 0;
        int utility = 0;
        int kaios = 0;
        int international = 0;
        Set<String> centralDepartments = new HashSet<>();
        Set<String> stateDepartments = new HashSet<>();
        Set<String> states = new HashSet<>();
        for (CatalogueEntry entry : snapshot.entries()) {
            if (!entry.published()) {
                continue;
            }
            services++;
            switch (entry.type()) {
                case CENTRAL -> {
                    central++;
                    centralDepartments.add(entry.department().code());
                }
                case STATE -> {
                    state++;
                    stateDepartments.add(entry.department().code());
                    entry.stateCode().ifPresent(states::add);
                }
                case UTILITY -> utility++;
            }
            if (entry.offeredOn(Channel.KAIOS)) {
                kaios++;
            }
            if (entry.countries().stream().anyMatch(country -> !country.equals("IN"))) {
                international++;
            }
        }
        return new StatsView(
                services,
                central,
                state,
                utility,
                centralDepartments.size(),
                stateDepartments.size(),
                states.size(),
                kaios,
                international);
    }

    private DepartmentView department(Department department, int services, Reader reader) {
        LocalizedText.Resolved name = department.name().in(reader.language());
        return new DepartmentView(
                department.code(),
                name.text(),
                name.language().code(),
                department.type().name(),
                department.stateCode(),
                health.statusOf(department.code()).name(),
                services);
    }

    /** A hash of the statuses a list shows: part of its tag, so that a change of status is a new answer. */
    private static long statuses(List<DepartmentView> views) {
        long hash = 17;
        for (DepartmentView view : views) {
            hash = hash * 31 + view.code().hashCode();
            hash = hash * 31 + view.status().hashCode();
        }
        return hash;
    }

    /**
     * @param key the entry's category or state code as the list filter compares it; null for none
     * @return how many entries the reader sees (as /services lists them to the reader), by key
     */
    private static Map<String, Integer> visibleCounts(
            CatalogueSnapshot snapshot, Reader reader, Function<CatalogueEntry, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        SearchFilter visible = SearchFilter.of(reader.channel(), reader.country());
        for (CatalogueEntry entry : snapshot.entries()) {
            String code = key.apply(entry);
            if (code != null && visible.matches(entry)) {
                counts.merge(code, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** @return how many services {@code /services?department=<code>} lists to the reader */
    private static int visibleServices(CatalogueSnapshot snapshot, Department department, Reader reader) {
        SearchFilter listed = new SearchFilter(reader.channel(), reader.country(), null, null, department.code(), null);
        int count = 0;
        for (CatalogueEntry entry : snapshot.entriesOf(department.code())) {
            if (listed.matches(entry)) {
                count++;
            }
        }
        return count;
    }

    /** @return whether the department has a published service, on any channel, in any country */
    private static boolean offersServices(CatalogueSnapshot snapshot, Department department) {
        for (CatalogueEntry entry : snapshot.entriesOf(department.code())) {
            if (entry.published()) {
                return true;
            }
        }
        return false;
    }

    private static CatalogueType type(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return CatalogueType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw BadRequests.invalid("type", "must be one of CENTRAL, STATE, UTILITY");
        }
    }

    private static String known(String field, String value, java.util.function.Predicate<String> exists) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.strip();
        String normalised = field.equals("category") ? code.toLowerCase(Locale.ROOT) : code.toUpperCase(Locale.ROOT);
        if (!exists.test(normalised)) {
            throw BadRequests.invalid(field, "names no " + field + " of the catalogue");
        }
        return normalised;
    }
}
