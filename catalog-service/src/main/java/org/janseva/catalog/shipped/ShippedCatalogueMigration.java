package org.janseva.catalog.shipped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.janseva.catalog.shipped.ShippedCatalogue.CategoryRow;
import org.janseva.catalog.shipped.ShippedCatalogue.DepartmentRow;
import org.janseva.catalog.shipped.ShippedCatalogue.EntryRow;
import org.janseva.catalog.shipped.ShippedCatalogue.OperationRow;
import org.janseva.catalog.shipped.ShippedCatalogue.StateRow;
import org.springframework.stereotype.Component;

/**
 * Flyway {@code V3}: writes the shipped catalogue ({@link ShippedCatalogue}), every entry
 * PUBLISHED, as it was when V3 shipped ({@link ShippedCatalogue#loadAsShippedByV3()}). Its checksum
 * is that of those sources, so editing them after a database was migrated makes Flyway's
 * validation fail loudly instead of leaving the database silently behind: ship changes to the
 * catalogue as a new migration ({@link SearchSynonymsMigration}).
 */
@Component
class ShippedCatalogueMigration implements JavaMigration {

    private static final int BATCH = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "shipped catalogue";
    }

    @Override
    public Integer getChecksum() {
        return CatalogueSources.asShippedByV3().checksum();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        ShippedCatalogue catalogue = ShippedCatalogue.loadAsShippedByV3();
        Connection connection = context.getConnection();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into category (code, position, names, synonyms) values (?, ?, ?::jsonb, ?::jsonb)")) {
            for (CategoryRow category : catalogue.categories()) {
                insert.setString(1, category.code());
                insert.setInt(2, category.position());
                insert.setString(3, catalogue.textsJson(category.names()));
                insert.setString(4, catalogue.synonymsJson(category.synonyms()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert =
                connection.prepareStatement("insert into state (code, names) values (?, ?::jsonb)")) {
            for (StateRow state : catalogue.states()) {
                insert.setString(1, state.code());
                insert.setString(2, catalogue.textsJson(state.names()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into department (code, type, state_code, names, adapter_type, adapter_settings)
                values (?, ?, ?, ?::jsonb, ?, ?::jsonb)""")) {
            int pending = 0;
            for (DepartmentRow department : catalogue.departments()) {
                insert.setString(1, department.code());
                insert.setString(2, department.type().name());
                if (department.stateCode() == null) {
                    insert.setNull(3, Types.VARCHAR);
                } else {
                    insert.setString(3, department.stateCode());
                }
                insert.setString(4, catalogue.textsJson(department.names()));
                insert.setString(5, department.adapterType());
                insert.setString(6, catalogue.toJson(department.settings()));
                insert.addBatch();
                pending = flush(insert, pending + 1);
            }
            insert.executeBatch();
        }
        try (PreparedStatement entryInsert = connection.prepareStatement("""
                        insert into catalogue_entry (code, department_code, category_code, type, status, channels,
                                                     countries, names, descriptions, synonyms, position)
                        values (?, ?, ?, ?, 'PUBLISHED', ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)""");
                PreparedStatement operationInsert = connection.prepareStatement("""
                        insert into operation (entry_code, code, position, names, http_method, path_template,
                                               input_schema, response_mapping, idempotent, cache_ttl_seconds,
                                               visibility)
                        values (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, '{}'::jsonb, ?, ?, ?)""")) {
            int pendingEntries = 0;
            int pendingOperations = 0;
            for (EntryRow entry : catalogue.entries()) {
                entryInsert.setString(1, entry.code());
                entryInsert.setString(2, entry.departmentCode());
                entryInsert.setString(3, entry.categoryCode());
                entryInsert.setString(4, entry.type().name());
                entryInsert.setArray(
                        5,
                        connection.createArrayOf(
                                "text",
                                entry.channels().stream().map(c -> c.code()).toArray()));
                entryInsert.setArray(
                        6, connection.createArrayOf("text", entry.countries().toArray()));
                entryInsert.setString(7, catalogue.textsJson(entry.names()));
                entryInsert.setString(8, catalogue.textsJson(entry.descriptions()));
                entryInsert.setString(9, catalogue.synonymsJson(entry.synonyms()));
                entryInsert.setInt(10, entry.position());
                entryInsert.addBatch();
                pendingEntries = flush(entryInsert, pendingEntries + 1);
            }
            entryInsert.executeBatch();
            for (EntryRow entry : catalogue.entries()) {
                for (OperationRow operation : entry.operations()) {
                    operationInsert.setString(1, entry.code());
                    operationInsert.setString(2, operation.code());
                    operationInsert.setInt(3, operation.position());
                    operationInsert.setString(4, catalogue.textsJson(operation.names()));
                    operationInsert.setString(5, operation.method());
                    operationInsert.setString(6, operation.path());
                    operationInsert.setString(7, operation.inputSchema().toString());
                    operationInsert.setBoolean(8, operation.idempotent());
                    if (operation.cacheTtlSeconds() == null) {
                        operationInsert.setNull(9, Types.INTEGER);
                    } else {
                        operationInsert.setInt(9, operation.cacheTtlSeconds());
                    }
                    operationInsert.setString(10, operation.visibility().name());
                    operationInsert.addBatch();
                    pendingOperations = flush(operationInsert, pendingOperations + 1);
                }
            }
            operationInsert.executeBatch();
        }
    }

    private static int flush(PreparedStatement statement, int pending) throws SQLException {
        if (pending < BATCH) {
            return pending;
        }
        statement.executeBatch();
        return 0;
    }
}
