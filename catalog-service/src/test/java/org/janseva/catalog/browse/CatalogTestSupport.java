package org.janseva.catalog.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The catalogue's read API over real HTTP, against the shipped catalogue in a real PostgreSQL
 * (Flyway ran V3). Every test class of the catalogue shares this one Spring context (the same
 * configuration as the application's own integration test), and leaves the figures intact.
 */
@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// tests refresh the catalogue themselves; no polling, so other test contexts' changes to the shared
// database cause no rebuilds here
@TestPropertySource(properties = "platform.catalog.refresh-interval=1h")
abstract class CatalogTestSupport {

    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUpHttp() {
        http = TestHttp.localhost(port);
    }

    /** GET and expect 200 with JSON. */
    JsonNode ok(String pathAndQuery, String... headers) {
        HttpResponse<String> response = http.get(pathAndQuery, headers);
        assertThat(response.statusCode())
                .as(pathAndQuery + " -> " + response.body())
                .isEqualTo(200);
        return TestHttp.json(response);
    }

    /** @return the codes of a page of services */
    static List<String> codes(JsonNode page) {
        List<String> codes = new ArrayList<>();
        page.path("items").forEach(item -> codes.add(item.path("code").asString()));
        return codes;
    }

    /** @return the codes of the first page (up to 20) of a search, as a citizen on the web in India sees it */
    List<String> search(String query, String... headers) {
        return codes(ok("/api/v1/catalog/services?q=" + encode(query), headers));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static long total(JsonNode page) {
        return page.path("page").path("totalElements").asLong();
    }
}
