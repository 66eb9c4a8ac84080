package org.janseva.catalog.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Flyway V15 on a database V3 wrote before it (what every deployed database is) and on a new one:
 * both end with the same synonyms, and an administrator's own edit survives.
 */
class SearchSynonymsMigrationIntegrationTests {

    @Test
    void shouldMoveDepartmentSynonymsAndLandRecordWordsOnAnOldDatabaseAsOnANewOne() {
        DataSource old = dataSource("catalog_v15_upgraded");
        flyway(old, "14").clean();
        flyway(old, "14").migrate();
        JdbcClient before = JdbcClient.create(old);
        assertThat(synonyms(before, "EPFO-RAISE-CLAIM")).contains("\"pf balance\"");
        assertThat(synonyms(before, "GJ-LAND-RECORD")).contains("\"satbara\"");
        // an administrator has since given one shipped service synonyms of their own
        before.sql(
                        "update catalogue_entry set synonyms = '{\"en\": [\"pf advance\"]}' where code = 'EPFO-CLAIM-STATUS'")
                .update();

        flyway(old, null).migrate();

        DataSource fresh = dataSource("catalog_v15_fresh");
        flyway(fresh, null).clean();
        flyway(fresh, null).migrate();
        JdbcClient upgraded = JdbcClient.create(old);
        JdbcClient created = JdbcClient.create(fresh);
        assertThat(synonyms(upgraded, "EPFO-RAISE-CLAIM")).isEqualTo("{}");
        assertThat(synonyms(upgraded, "EPFO-PASSBOOK")).contains("\"pf balance\"");
        assertThat(upgraded.sql("select synonyms::text from department where code = 'EPFO'")
                        .query(String.class)
                        .single())
                .contains("\"pf balance\"");
        assertThat(synonyms(upgraded, "GJ-LAND-RECORD"))
                .doesNotContain("satbara")
                .contains("bhulekh");
        assertThat(synonyms(upgraded, "MH-LAND-RECORD")).contains("satbara", "सातबारा");
        assertThat(synonyms(upgraded, "EPFO-CLAIM-STATUS")).isEqualTo("{\"en\": [\"pf advance\"]}");

        String everyEntry = "select code, synonyms::text from catalogue_entry where code <> 'EPFO-CLAIM-STATUS'";
        assertThat(rows(upgraded, everyEntry))
                .isEqualTo(rows(created, everyEntry))
                .hasSize(2038);
        String everyDepartment = "select code, synonyms::text from department";
        assertThat(rows(upgraded, everyDepartment)).isEqualTo(rows(created, everyDepartment));
        String everyCategory = "select code, synonyms::text from category";
        assertThat(rows(upgraded, everyCategory)).isEqualTo(rows(created, everyCategory));
    }

    private static DataSource dataSource(String database) {
        SharedEmbeddedPostgres.Server server = SharedEmbeddedPostgres.get();
        return new DriverManagerDataSource(server.jdbcUrl(database), server.username(), server.password());
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .cleanDisabled(false)
                .javaMigrations(
                        new ShippedCatalogueMigration(), new InputFieldOrderMigration(), new SearchSynonymsMigration());
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private static String synonyms(JdbcClient jdbc, String code) {
        return jdbc.sql("select synonyms::text from catalogue_entry where code = ?")
                .param(code)
                .query(String.class)
                .single();
    }

    private static Map<String, String> rows(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(row -> row.get(0), row -> row.get(1)));
    }
}
