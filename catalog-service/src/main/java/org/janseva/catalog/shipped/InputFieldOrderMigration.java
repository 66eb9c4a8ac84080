package org.janseva.catalog.shipped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.janseva.catalog.shipped.ShippedCatalogue.EntryRow;
import org.janseva.catalog.shipped.ShippedCatalogue.OperationRow;
import org.springframework.stereotype.Component;

/**
 * Flyway {@code V12}: an operation's input schema keeps the order in which its fields were
 * written. Apps draw the input form field after field in the order of the schema's
 * {@code properties}; {@code jsonb} stores an object's keys in its own order (shortest first), so
 * "district, FIR number, police station" came back as "district, firNumber, policeStation"
 * sorted by length. The column becomes {@code json} (the text as written), and the shipped
 * operations get their schemas back in the curated order, where their content is still the
 * shipped one. Services onboarded before this migration keep the order jsonb gave them (the
 * original is gone); their integrators can send them again.
 */
@Component
class InputFieldOrderMigration implements JavaMigration {

    private static final int BATCH = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "input schemas keep their field order";
    }

    @Override
    public Integer getChecksum() {
        return 12;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table operation drop constraint operation_input_schema_check");
            ddl.execute("alter table operation alter column input_schema type json using input_schema::json");
            ddl.execute("alter table operation add constraint operation_input_schema_check"
                    + " check (json_typeof(input_schema) = 'object')");
        }
        ShippedCatalogue catalogue = ShippedCatalogue.load();
        try (PreparedStatement update = connection.prepareStatement("""
                update operation set input_schema = ?::json
                where entry_code = ? and code = ? and input_schema::jsonb = ?::jsonb""")) {
            int pending = 0;
            for (EntryRow entry : catalogue.entries()) {
                for (OperationRow operation : entry.operations()) {
                    String schema = operation.inputSchema().toString();
                    update.setString(1, schema);
                    update.setString(2, entry.code());
                    update.setString(3, operation.code());
                    update.setString(4, schema);
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            update.executeBatch();
        }
    }
}
