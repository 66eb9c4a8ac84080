package org.janseva.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@link AbstractServiceIntegrationTests} for a service that owns a database: Flyway has
 * migrated it on start, on a real PostgreSQL 17.
 */
public abstract class AbstractDatabaseServiceIntegrationTests extends AbstractServiceIntegrationTests {

    @Autowired
    protected DataSource dataSource;

    @Test
    void shouldMigrateItsDatabaseWithFlywayOnStart() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select count(*), bool_and(success) from flyway_schema_history where version is not null")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(connection.getMetaData().getDatabaseMajorVersion()).isEqualTo(17);
        }
    }
}
