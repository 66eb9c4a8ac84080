package org.janseva.catalog.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// tests refresh the catalogue themselves; no polling, so other test contexts' changes to the shared
// database cause no rebuilds here
@TestPropertySource(properties = "platform.catalog.refresh-interval=1h")
class CatalogueIntegrationTests {

    @Autowired
    Catalogue catalogue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EndpointAliases aliases;

    @AfterEach
    void removeTestData() {
        jdbc.sql("delete from catalogue_entry where code = 'ZZTEST-STATUS'").update();
        jdbc.sql("delete from department where code = 'ZZTEST'").update();
        jdbc.sql("delete from category where code = 'zztest'").update();
        catalogue.refresh();
    }

    @Test
    void shouldPublishANewSnapshotWhenTheCatalogueChanges() {
        CatalogueSnapshot before = catalogue.current();
        insertTestDepartmentWithOneEntry();

        assertThat(catalogue.refresh()).isTrue();

        CatalogueSnapshot after = catalogue.current();
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(before.entry("ZZTEST-STATUS"))
                .as("old snapshots never change")
                .isEmpty();
        CatalogueEntry entry = after.entry("ZZTEST-STATUS").orElseThrow();
        assertThat(entry.department().code()).isEqualTo("ZZTEST");
        assertThat(entry.department().adapterType()).isEqualTo("rest-json");
        assertThat(entry.published()).isFalse();
        assertThat(entry.offeredOn(Channel.KAIOS)).isTrue();
        assertThat(entry.offeredOn(Channel.IOS)).isFalse();
        assertThat(entry.offeredIn("GB")).isTrue();
        assertThat(entry.name().in(Language.HI).text()).isEqualTo("परीक्षण स्थिति");
        assertThat(entry.name().in(Language.TA)).isEqualTo(new LocalizedText.Resolved("Test status", Language.EN));
        Operation operation = entry.operation("status").orElseThrow();
        assertThat(operation.httpMethod()).isEqualTo("POST");
        assertThat(operation.pathTemplate()).isEqualTo("/status/{applicationNumber}");
        assertThat(operation.idempotent()).isTrue();
        assertThat(operation.cacheTimeToLive()).contains(Duration.ofSeconds(60));
        assertThat(operation.citizenVisible()).isTrue();
        assertThat(operation.responseMapping()).containsEntry("state", "/result/state");
        assertThat(after.entriesOf("ZZTEST")).containsExactly(entry);

        assertThat(catalogue.refresh()).as("nothing changed since").isFalse();
    }

    @Test
    void shouldResolveEndpointAliasesInAdapterSettings() {
        insertTestDepartmentWithOneEntry();
        catalogue.refresh();
        Department department = catalogue.current().department("ZZTEST").orElseThrow();

        assertThat(department.adapterSettings()).containsEntry("baseUrl", "{{simulator}}/departments/ZZTEST");
        assertThat(aliases.resolve(department.adapterSettings()).get("baseUrl"))
                .asString()
                .matches("https?://[^{}]+/departments/ZZTEST");
    }

    @Test
    void shouldRenderInputSchemaTitlesInTheReadersLanguage() {
        insertTestDepartmentWithOneEntry();
        catalogue.refresh();
        Operation operation = catalogue
                .current()
                .entry("ZZTEST-STATUS")
                .orElseThrow()
                .operation("status")
                .orElseThrow();

        assertThat(InputSchemas.localized(operation.inputSchema(), Language.HI)
                        .at("/properties/applicationNumber/title")
                        .asString())
                .isEqualTo("आवेदन संख्या");
        assertThat(InputSchemas.localized(operation.inputSchema(), Language.TE)
                        .at("/properties/applicationNumber/title")
                        .asString())
                .isEqualTo("Application number");
        assertThat(InputSchemas.localized(operation.inputSchema(), Language.HI).toString())
                .doesNotContain(InputSchemas.TITLE_TRANSLATIONS);
        assertThat(operation.inputSchema().toString()).contains(InputSchemas.TITLE_TRANSLATIONS);
    }

    private void insertTestDepartmentWithOneEntry() {
        jdbc.sql("insert into category (code, position, names) values ('zztest', 999, '{\"en\": \"Tests\"}')")
                .update();
        jdbc.sql("""
                        insert into department (code, type, names, adapter_type, adapter_settings)
                        values ('ZZTEST', 'CENTRAL', '{"en": "Test department", "hi": "परीक्षण विभाग"}',
                                'rest-json', '{"baseUrl": "{{simulator}}/departments/ZZTEST", "timeoutMs": 3000}')""").update();
        jdbc.sql("""
                        insert into catalogue_entry (code, department_code, category_code, type, status, channels,
                                                     countries, names, descriptions)
                        values ('ZZTEST-STATUS', 'ZZTEST', 'zztest', 'CENTRAL', 'DRAFT',
                                array['web', 'kaios'], array['IN', 'GB'],
                                '{"en": "Test status", "hi": "परीक्षण स्थिति"}', '{"en": "Checks a test."}')""").update();
        jdbc.sql("""
                        insert into operation (entry_code, code, names, http_method, path_template, input_schema,
                                               response_mapping, idempotent, cache_ttl_seconds)
                        values ('ZZTEST-STATUS', 'status', '{"en": "Status"}', 'POST', '/status/{applicationNumber}',
                                '{"type": "object", "required": ["applicationNumber"], "properties": {
                                  "applicationNumber": {"type": "string", "title": "Application number",
                                    "x-title": {"hi": "आवेदन संख्या"}, "examples": ["APP-1"]}}}',
                                '{"state": "/result/state"}', true, 60)""").update();
    }
}
