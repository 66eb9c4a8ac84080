package org.janseva.catalog.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.janseva.catalog.shipped.ShippedCatalogue.DepartmentRow;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Flyway V16 moves the shipped EPFO department to its coded adapter type {@code epfo}, on a
 * database V3 wrote before it (every deployed one) as on a new one, and changes nothing else: an
 * operator's settings stay, and a department an operator moved to another type, or whose
 * operations have response mappings written against EPFO's raw answer, stays as it is.
 */
class EpfoAdapterMigrationIntegrationTests {

    private static final String EPFO_TYPE = "select adapter_type from department where code = 'EPFO'";
    private static final String EVERY_DEPARTMENT = "select code, adapter_type from department";
    private static final String AT_15 = "catalog_v16_at15";

    @Test
    void shouldMoveEpfoToItsCodedAdapterOnAnOldDatabaseAsOnANewOneKeepingTheOperatorsSettings() {
        DataSource old = migratedTo15("catalog_v16_upgraded");
        JdbcClient before = JdbcClient.create(old);
        assertThat(before.sql(EPFO_TYPE).query(String.class).single()).isEqualTo("rest-json");
        // an operator has since pointed EPFO at its real API
        String settings = "{\"baseUrl\": \"https://epfo.example/api\", \"timeoutMs\": 5000}";
        before.sql("update department set adapter_settings = cast(? as jsonb) where code = 'EPFO'")
                .param(settings)
                .update();

        flyway(old, null).migrate();

        DataSource fresh = dataSource("catalog_v16_fresh");
        flyway(fresh, null).clean();
        flyway(fresh, null).migrate();
        JdbcClient upgraded = JdbcClient.create(old);
        JdbcClient created = JdbcClient.create(fresh);
        assertThat(upgraded.sql(EPFO_TYPE).query(String.class).single()).isEqualTo("epfo");
        assertThat(upgraded.sql("select adapter_settings::text from department where code = 'EPFO'")
                        .query(String.class)
                        .single())
                .isEqualTo(settings);
        assertThat(differences(rows(upgraded, EVERY_DEPARTMENT), rows(created, EVERY_DEPARTMENT)))
                .isEmpty();
        // a new database holds the catalogue the service ships, adapter types included
        Map<String, String> shipped = ShippedCatalogue.load().departments().stream()
                .collect(Collectors.toMap(DepartmentRow::code, DepartmentRow::adapterType));
        assertThat(differences(rows(created, EVERY_DEPARTMENT), shipped)).isEmpty();
        assertThat(shipped).hasSize(rows(created, EVERY_DEPARTMENT).size());
        assertThat(shipped.values().stream().filter("epfo"::equals)).hasSize(1);
    }

    /** @return each code whose adapter type differs, with both (the full maps are 1,368 rows) */
    private static List<String> differences(Map<String, String> one, Map<String, String> other) {
        return one.entrySet().stream()
                .filter(row -> !row.getValue().equals(other.get(row.getKey())))
                .map(row -> row.getKey() + ": " + row.getValue() + " / " + other.get(row.getKey()))
                .toList();
    }

    @Test
    void shouldLeaveEpfoAsAnOperatorConfiguredItAwayFromTheShippedAdapter() {
        DataSource moved = migratedTo15("catalog_v16_moved");
        JdbcClient.create(moved)
                .sql("update department set adapter_type = 'acme-epfo' where code = 'EPFO'")
                .update();
        DataSource mapped = migratedTo15("catalog_v16_mapped");
        JdbcClient.create(mapped).sql("""
                        update operation set response_mapping = '{"name": "/member_name"}'
                        where entry_code = 'EPFO-PASSBOOK' and code = 'passbook'""").update();

        flyway(moved, null).migrate();
        flyway(mapped, null).migrate();

        assertThat(JdbcClient.create(moved).sql(EPFO_TYPE).query(String.class).single())
                .isEqualTo("acme-epfo");
        assertThat(JdbcClient.create(mapped).sql(EPFO_TYPE).query(String.class).single())
                .as("its mapping reads EPFO's raw answer, which epfo would not apply")
                .isEqualTo("rest-json");
    }

    private static boolean migratedTo15;

    /** A new database as V15 left it: a copy of one migrated once, which is much faster than migrating. */
    private static DataSource migratedTo15(String database) {
        if (!migratedTo15) {
            DataSource template = dataSource(AT_15);
            flyway(template, "15").clean();
            flyway(template, "15").migrate();
            migratedTo15 = true;
        }
        DataSource dataSource = dataSource(database);
        try (Connection connection = SharedEmbeddedPostgres.get().admin().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop database " + database);
            statement.execute("create database " + database + " template " + AT_15);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return dataSource;
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

    private static Map<String, String> rows(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
    }
}
