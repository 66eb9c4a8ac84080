package org.janseva.catalog.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogBrowseIntegrationTests extends CatalogTestSupport {

    static final String SERVICES = "/api/v1/catalog/services";

    @Test
    void shouldAnswerTheSeedsFigures() {
        JsonNode stats = ok("/api/v1/catalog/stats");

        assertThat(stats.path("services").asInt()).isEqualTo(2039);
        assertThat(stats.path("central").asInt()).isEqualTo(373);
        assertThat(stats.path("state").asInt()).isEqualTo(487);
        assertThat(stats.path("utility").asInt()).isEqualTo(1179);
        assertThat(stats.path("centralDepartments").asInt()).isEqualTo(88);
        assertThat(stats.path("stateDepartments").asInt()).isEqualTo(101);
        assertThat(stats.path("states").asInt()).isEqualTo(27);
        assertThat(stats.path("kaiosServices").asInt()).isEqualTo(80);
        assertThat(stats.path("internationalServices").asInt()).isEqualTo(70);
    }

    @Test
    void shouldPageTheListAndRefusePagesOverOneHundred() {
        JsonNode first = ok(SERVICES);
        assertThat(first.path("items")).hasSize(20);
        assertThat(first.path("page").path("number").asInt()).isZero();
        assertThat(first.path("page").path("size").asInt()).isEqualTo(20);
        assertThat(total(first)).isEqualTo(2039);
        assertThat(first.path("page").path("totalPages").asInt()).isEqualTo(102);

        JsonNode second = ok(SERVICES + "?page=1&size=20");
        assertThat(codes(second)).doesNotContainAnyElementsOf(codes(first));
        JsonNode last = ok(SERVICES + "?page=20&size=100");
        assertThat(last.path("items")).hasSize(39);
        assertThat(ok(SERVICES + "?page=21&size=100").path("items")).isEmpty();

        Set<String> all = new HashSet<>();
        for (int page = 0; page < 21; page++) {
            all.addAll(codes(ok(SERVICES + "?size=100&page=" + page)));
        }
        assertThat(all).hasSize(2039);

        assertProblem(http.get(SERVICES + "?size=101"), 400, "VALIDATION_FAILED");
        assertProblem(http.get(SERVICES + "?size=0"), 400, "VALIDATION_FAILED");
        assertProblem(http.get(SERVICES + "?page=-1"), 400, "VALIDATION_FAILED");
        assertProblem(http.get(SERVICES + "?page=two"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldFilterByTypeCategoryDepartmentAndState() {
        assertThat(total(ok(SERVICES + "?type=CENTRAL"))).isEqualTo(373);
        assertThat(total(ok(SERVICES + "?type=STATE"))).isEqualTo(487);
        assertThat(total(ok(SERVICES + "?type=utility"))).isEqualTo(1179);

        JsonNode electricity = ok(SERVICES + "?category=electricity&size=100");
        assertThat(total(electricity)).isEqualTo(90);
        electricity.path("items").forEach(item -> {
            assertThat(item.path("category").asString()).isEqualTo("electricity");
            assertThat(item.path("type").asString()).isEqualTo("UTILITY");
        });

        JsonNode epfo = ok(SERVICES + "?department=EPFO&size=100");
        assertThat(codes(epfo))
                .hasSize(15)
                .allMatch(code -> code.startsWith("EPFO-"))
                .contains("EPFO-PASSBOOK");

        JsonNode karnataka = ok(SERVICES + "?state=KA&size=100");
        karnataka
                .path("items")
                .forEach(item -> assertThat(item.path("state").asString()).isEqualTo("KA"));
        assertThat(codes(karnataka)).contains("KA-RATION-CARD", "BESCOM-BILL");
        JsonNode karnatakaState = ok(SERVICES + "?state=KA&type=STATE&size=100");
        assertThat(total(karnatakaState)).isEqualTo(23);
        assertThat(codes(karnatakaState)).allMatch(code -> code.startsWith("KA-"));

        JsonNode combined = ok(SERVICES + "?type=UTILITY&category=electricity&state=KA");
        assertThat(codes(combined)).contains("BESCOM-BILL", "MESCOM-BILL", "HESCOM-BILL", "GESCOM-BILL");
    }

    @Test
    void shouldListExactlyTheEightyKaiosServicesOnKaios() {
        List<String> kaios = new ArrayList<>();
        JsonNode first = ok(SERVICES + "?size=100", "X-Channel", "kaios");
        assertThat(total(first)).isEqualTo(80);
        kaios.addAll(codes(first));
        first.path("items")
                .forEach(item -> assertThat(item.path("channels").toString()).contains("kaios"));
        assertThat(kaios).hasSize(80).contains("EPFO-PASSBOOK", "KA-RATION-CARD", "UP-LAND-RECORD");
        // the others are on android, ios and web only
        assertThat(total(ok(SERVICES, "X-Channel", "android"))).isEqualTo(2039);
    }

    @Test
    void shouldListOnlyItsServicesToAnInternationalCountry() {
        JsonNode britain = ok(SERVICES + "?size=100", "X-Country", "GB");
        assertThat(total(britain)).isEqualTo(70);
        britain.path("items")
                .forEach(item -> assertThat(item.path("countries").toString())
                        .contains("\"IN\"", "\"GB\"", "\"US\"", "\"AE\"", "\"SG\"", "\"NZ\""));
        assertThat(codes(britain))
                .contains("EPFO-PASSBOOK", "PASSPORT-STATUS", "OCI-APPLICATION-STATUS", "NPS-HOLDINGS")
                .noneMatch(code -> code.endsWith("-BILL"))
                .noneMatch(code -> code.startsWith("KA-"));
        assertThat(total(ok(SERVICES, "X-Country", "sg"))).isEqualTo(70);
        assertThat(total(ok(SERVICES, "X-Country", "FR"))).isZero();
        // search obeys the country too
        assertThat(codes(ok(SERVICES + "?q=bijli", "X-Country", "US"))).isEmpty();
    }

    @Test
    void shouldAnswerInHindiAndInTamilWithContentLanguageAndFlagEnglishFallbacks() {
        HttpResponse<String> hindi =
                http.get(SERVICES + "?department=EPFO&size=100", "Accept-Language", "hi-IN,hi;q=0.9,en;q=0.8");
        assertThat(hindi.headers().firstValue("Content-Language")).contains("hi");
        JsonNode passbook = item(org.janseva.platform.test.TestHttp.json(hindi), "EPFO-PASSBOOK");
        assertThat(passbook.path("name").asString()).isEqualTo("ईपीएफ पासबुक देखें");
        assertThat(passbook.path("language").asString()).isEqualTo("hi");
        assertThat(passbook.path("department").path("name").asString()).isEqualTo("कर्मचारी भविष्य निधि संगठन");

        HttpResponse<String> tamil = http.get(SERVICES + "?department=EPFO&size=100&lang=ta", "Accept-Language", "hi");
        assertThat(tamil.headers().firstValue("Content-Language")).contains("ta");
        JsonNode tamilPage = org.janseva.platform.test.TestHttp.json(tamil);
        JsonNode tamilPassbook = item(tamilPage, "EPFO-PASSBOOK");
        assertThat(tamilPassbook.path("name").asString()).isEqualTo("இபிஎஃப் பாஸ்புக்கைப் பார்க்கவும்");
        assertThat(tamilPassbook.path("language").asString()).isEqualTo("ta");
        assertThat(tamilPassbook.path("department").path("name").asString()).matches(".*[\\u0B80-\\u0BFF].*");
        // a service without a Tamil name falls back to English and says so
        JsonNode fallback = item(tamilPage, "EPFO-RAISE-CLAIM");
        assertThat(fallback.path("name").asString()).isEqualTo("Raise a PF claim");
        assertThat(fallback.path("language").asString()).isEqualTo("en");

        JsonNode bengaliKaios = item(ok(SERVICES + "?size=100&lang=bn", "X-Channel", "kaios"), "KA-RATION-CARD");
        assertThat(bengaliKaios.path("name").asString()).isEqualTo("রেশন কার্ডের বিবরণ");
        assertThat(bengaliKaios.path("language").asString()).isEqualTo("bn");

        assertThat(http.get(SERVICES, "Accept-Language", "fr;q=1, ur;q=0.5")
                        .headers()
                        .firstValue("Content-Language"))
                .contains("ur");
        assertThat(http.get(SERVICES).headers().firstValue("Content-Language")).contains("en");
    }

    @Test
    void shouldDescribeAServiceWithItsOperationsAndLocalisedInputSchemas() {
        JsonNode passbook = ok(SERVICES + "/EPFO-PASSBOOK?lang=hi");
        assertThat(passbook.path("name").asString()).isEqualTo("ईपीएफ पासबुक देखें");
        assertThat(passbook.path("rating").has("average")).isTrue();
        JsonNode operation = passbook.path("operations").get(0);
        assertThat(operation.path("code").asString()).isEqualTo("passbook");
        JsonNode uan = operation.path("inputSchema").path("properties").path("uan");
        assertThat(uan.path("title").asString()).isEqualTo("यूएएन (सार्वभौमिक खाता संख्या)");
        assertThat(uan.path("examples").get(0).asString()).isEqualTo("100123456789");
        assertThat(operation.path("inputSchema").toString()).doesNotContain("x-title");

        JsonNode bill = ok(SERVICES + "/BESCOM-BILL");
        assertThat(bill.path("operations")).hasSize(1);
        JsonNode fetch = bill.path("operations").get(0);
        assertThat(fetch.path("code").asString()).isEqualTo("fetch-bill");
        assertThat(fetch.path("inputSchema").path("required").toString()).contains("consumerNumber");
        assertThat(fetch.path("inputSchema")
                        .path("properties")
                        .path("consumerNumber")
                        .path("examples"))
                .isNotEmpty();

        assertProblem(http.get(SERVICES + "/NO-SUCH-SERVICE"), 404, "SERVICE_NOT_FOUND");
    }

    @Test
    void shouldListDepartmentsWithTheirStatus() {
        JsonNode central = ok("/api/v1/catalog/departments?type=CENTRAL&size=100");
        assertThat(total(central)).isEqualTo(88);
        assertThat(total(ok("/api/v1/catalog/departments?type=STATE"))).isEqualTo(101);
        assertThat(total(ok("/api/v1/catalog/departments?type=UTILITY"))).isEqualTo(1179);
        JsonNode karnataka = ok("/api/v1/catalog/departments?state=KA&type=STATE");
        assertThat(total(karnataka)).isEqualTo(4);

        JsonNode epfo = ok("/api/v1/catalog/departments/EPFO?lang=mr");
        assertThat(epfo.path("status").asString()).isIn("UP", "DEGRADED", "DOWN");
        assertThat(epfo.path("name").asString()).isEqualTo("कर्मचारी भविष्य निर्वाह निधी संघटना");
        assertThat(epfo.path("services").asInt()).isEqualTo(15);
        assertThat(ok("/api/v1/catalog/departments/BESCOM").path("type").asString())
                .isEqualTo("UTILITY");
        assertProblem(http.get("/api/v1/catalog/departments/NOPE"), 404, "DEPARTMENT_NOT_FOUND");
        assertProblem(http.get("/api/v1/catalog/departments?type=PRIVATE"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldListCategoriesAndStatesInEveryLanguage() {
        JsonNode categories = ok("/api/v1/catalog/categories?lang=or");
        assertThat(categories.path("items").size()).isEqualTo(32);
        int services = 0;
        boolean culture = false;
        for (JsonNode category : categories.path("items")) {
            assertThat(category.path("language").asString()).isEqualTo("or");
            services += category.path("services").asInt();
            culture |= category.path("code").asString().equals("indian-culture");
        }
        assertThat(services).isEqualTo(2039);
        assertThat(culture).isTrue();

        JsonNode states = ok("/api/v1/catalog/states?lang=pa");
        assertThat(states.path("items").size()).isEqualTo(27);
        for (JsonNode state : states.path("items")) {
            assertThat(state.path("language").asString()).isEqualTo("pa");
            if (state.path("code").asString().equals("KA")) {
                assertThat(state.path("name").asString()).isEqualTo("ਕਰਨਾਟਕ");
                // its 23 state services and its 46 utility billers, as ?state=KA lists them
                assertThat(state.path("services").asInt()).isEqualTo(69);
            }
        }
    }

    /** The readers the counts are checked for: headers of the web in India, KaiOS, Britain, KaiOS in Britain. */
    static final List<String[]> READERS = List.of(
            new String[] {}, new String[] {"X-Channel", "kaios"}, new String[] {"X-Country", "GB"}, new String[] {
                "X-Channel", "kaios", "X-Country", "GB"
            });

    @Test
    void shouldCountADepartmentsServicesAsTheListShowsThemToTheSameReader() {
        // BESCOM's one service is not on KaiOS: the list shows none, and so does the department
        JsonNode bescomOnKaios = ok("/api/v1/catalog/departments/BESCOM", "X-Channel", "kaios");
        assertThat(bescomOnKaios.path("services").asInt()).isZero();
        assertThat(total(ok(SERVICES + "?department=BESCOM", "X-Channel", "kaios")))
                .isZero();
        assertThat(ok("/api/v1/catalog/departments/BESCOM").path("services").asInt())
                .isEqualTo(1);

        for (String[] reader : READERS) {
            String who = reader.length == 0 ? "web, IN" : String.join(" ", reader);
            // every department of Karnataka (state departments and billers) and the central EPFO
            JsonNode karnataka = ok("/api/v1/catalog/departments?state=KA&size=100", reader);
            assertThat(total(karnataka))
                    .as(who + ": departments with no service for this reader are listed all the same")
                    .isEqualTo(total(ok("/api/v1/catalog/departments?state=KA")));
            List<JsonNode> departments = new ArrayList<>();
            karnataka.path("items").forEach(departments::add);
            departments.add(ok("/api/v1/catalog/departments/EPFO", reader));
            for (JsonNode department : departments) {
                String code = department.path("code").asString();
                long listed = total(ok(SERVICES + "?size=1&department=" + code, reader));
                assertThat(department.path("services").asLong())
                        .as(who + ": " + code + " in the list of departments")
                        .isEqualTo(listed);
                assertThat(ok("/api/v1/catalog/departments/" + code, reader)
                                .path("services")
                                .asLong())
                        .as(who + ": " + code)
                        .isEqualTo(listed);
            }
        }
    }

    @Test
    void shouldTagADepartmentsAnswerByTheReadersChannelAndCountry() {
        for (String path : List.of("/api/v1/catalog/departments/BESCOM", "/api/v1/catalog/departments?state=KA")) {
            HttpResponse<String> web = http.get(path);
            String etag = web.headers().firstValue("ETag").orElseThrow();
            assertThat(web.headers().allValues("Vary").toString()).contains("X-Channel", "X-Country");

            HttpResponse<String> kaios = http.get(path, "X-Channel", "kaios", "If-None-Match", etag);
            assertThat(kaios.statusCode())
                    .as(path + ": the web's copy is not KaiOS's")
                    .isEqualTo(200);
            assertThat(kaios.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
            HttpResponse<String> britain = http.get(path, "X-Country", "GB", "If-None-Match", etag);
            assertThat(britain.statusCode())
                    .as(path + ": India's copy is not Britain's")
                    .isEqualTo(200);
            assertThat(http.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
        }
    }

    @Test
    void shouldCountAStatesServicesAsTheStateFilterListsThemToTheSameReader() {
        for (String[] reader : READERS) {
            String who = reader.length == 0 ? "web, IN" : String.join(" ", reader);
            JsonNode states = ok("/api/v1/catalog/states", reader);
            assertThat(states.path("items").size()).isEqualTo(27);
            for (JsonNode state : states.path("items")) {
                String code = state.path("code").asString();
                assertThat(state.path("services").asLong())
                        .as(who + ": " + code)
                        .isEqualTo(total(ok(SERVICES + "?size=1&state=" + code, reader)));
            }
        }
        JsonNode field = ok("/v3/api-docs").path("components").path("schemas").path("StateView");
        assertThat(field.path("properties").path("services").path("description").asString())
                .contains("/services?state=");
    }

    @Test
    void shouldSayWhichLanguageTheDepartmentsNameIsInBesideTheItems() {
        // EPFO-RAISE-CLAIM has no Urdu name, its department has one
        JsonNode urdu = ok(SERVICES + "?department=EPFO&size=100&lang=ur");
        JsonNode claim = item(urdu, "EPFO-RAISE-CLAIM");
        assertThat(claim.path("name").asString()).isEqualTo("Raise a PF claim");
        assertThat(claim.path("language").asString()).isEqualTo("en");
        assertThat(claim.path("department").path("code").asString()).isEqualTo("EPFO");
        assertThat(claim.path("department").path("name").asString()).isEqualTo("ایمپلائز پراویڈنٹ فنڈ آرگنائزیشن");
        assertThat(claim.path("department").path("language").asString()).isEqualTo("ur");
        JsonNode passbook = item(urdu, "EPFO-PASSBOOK");
        assertThat(passbook.path("language").asString()).isEqualTo("ur");
        assertThat(passbook.path("department").path("language").asString()).isEqualTo("ur");

        JsonNode detail = ok(SERVICES + "/EPFO-RAISE-CLAIM?lang=ur");
        assertThat(detail.path("language").asString()).isEqualTo("en");
        assertThat(detail.path("department").path("language").asString()).isEqualTo("ur");
        assertThat(detail.path("department").propertyNames()).containsExactly("code", "name", "language");
        // a biller named in English and Hindi only: its name falls back, and says so
        JsonNode bescom = ok(SERVICES + "/BESCOM-BILL?lang=ur").path("department");
        assertThat(bescom.path("name").asString()).isEqualTo("Bangalore Electricity Supply Company (BESCOM)");
        assertThat(bescom.path("language").asString()).isEqualTo("en");
        assertThat(ok("/api/v1/catalog/departments/BESCOM?lang=ur")
                        .path("language")
                        .asString())
                .isEqualTo("en");
        assertThat(ok(SERVICES + "?q=bescom&lang=hi")
                        .path("items")
                        .get(0)
                        .path("department")
                        .path("language")
                        .asString())
                .isEqualTo("hi");

        JsonNode schema = ok("/v3/api-docs").path("components").path("schemas").path("DepartmentRef");
        assertThat(schema.path("properties").propertyNames()).contains("code", "name", "language");
        assertThat(schema.path("properties")
                        .path("language")
                        .path("description")
                        .asString())
                .isNotBlank();
    }

    @Test
    void shouldTagAnswersAndAnswerNotModifiedToACurrentCopy() {
        for (String path : List.of(
                "/api/v1/catalog/stats",
                SERVICES + "?q=passport",
                SERVICES + "/EPFO-PASSBOOK",
                "/api/v1/catalog/categories",
                "/api/v1/catalog/states",
                "/api/v1/catalog/departments?type=CENTRAL",
                "/api/v1/catalog/departments/EPFO")) {
            HttpResponse<String> first = http.get(path, "Accept-Language", "hi");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(first.headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(value -> assertThat(value).containsAnyOf("max-age", "no-cache"));

            HttpResponse<String> again = http.get(path, "Accept-Language", "hi", "If-None-Match", etag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).contains(etag);

            if (!path.endsWith("/stats")) {
                HttpResponse<String> english = http.get(path, "Accept-Language", "en", "If-None-Match", etag);
                assertThat(english.statusCode())
                        .as(path + ": another language is another answer")
                        .isEqualTo(200);
                HttpResponse<String> kaios =
                        http.get(path, "Accept-Language", "hi", "X-Channel", "kaios", "If-None-Match", etag);
                assertThat(kaios.statusCode())
                        .as(path + ": another channel is another answer")
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void shouldRefuseBadParametersWithProblems() {
        for (String bad : List.of(
                SERVICES + "?type=PRIVATE",
                SERVICES + "?category=nonsense",
                SERVICES + "?department=NOPE",
                SERVICES + "?state=ZZ",
                SERVICES + "?lang=fr",
                SERVICES + "?q=" + "x".repeat(101))) {
            JsonNode problem = assertProblem(http.get(bad), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors")).isNotEmpty();
        }
        // a query's length is counted in characters as a reader counts them: 100 emoji are 100
        String emoji = URLEncoder.encode("\uD83D\uDE4F", StandardCharsets.UTF_8);
        HttpResponse<String> hundred = http.get(SERVICES + "?q=" + emoji.repeat(100));
        assertThat(hundred.statusCode()).as(hundred.body()).isEqualTo(200);
        assertProblem(http.get(SERVICES + "?q=" + emoji.repeat(101)), 400, "VALIDATION_FAILED");
        for (String preference : List.of("fr, de", "fr-FR,fr;q=0.9", "not a language list;;")) {
            HttpResponse<String> english = http.get(SERVICES, "Accept-Language", preference);
            assertThat(english.statusCode()).as(preference).isEqualTo(200);
            assertThat(english.headers().firstValue("Content-Language"))
                    .as(preference)
                    .contains("en");
        }
        assertProblem(http.get(SERVICES, "X-Channel", "smartwatch"), 400, "VALIDATION_FAILED");
        // UTF-8 text in a header, as curl sends it: bytes Tomcat reads as control characters
        JsonNode utf8 =
                assertProblem(http.sendUtf8("GET", SERVICES, null, "X-Channel", "ключ"), 400, "VALIDATION_FAILED");
        assertThat(utf8.path("errors").get(0).path("field").asString()).isEqualTo("X-Channel");
        assertProblem(http.get(SERVICES, "X-Country", "IND"), 400, "VALIDATION_FAILED");
        // two letters that name no country (Britain is GB): not an empty catalogue
        for (String notACountry : List.of("UK", "XX", "zz")) {
            HttpResponse<String> refused = http.get(SERVICES, "X-Country", notACountry);
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(refused.body()).as(notACountry).contains("X-Country").contains("ISO 3166-1");
        }
        assertProblem(http.get("/api/v1/catalog/categories?lang=xx"), 400, "VALIDATION_FAILED");
    }

    static JsonNode item(JsonNode page, String code) {
        for (JsonNode item : page.path("items")) {
            if (item.path("code").asString().equals(code)) {
                return item;
            }
        }
        throw new AssertionError(code + " is not on the page " + codes(page));
    }
}
