package org.janseva.catalog.shipped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.janseva.catalog.catalogue.Language;
import org.janseva.catalog.shipped.ShippedCatalogue.CategoryRow;
import org.janseva.catalog.shipped.ShippedCatalogue.DepartmentRow;
import org.janseva.catalog.shipped.ShippedCatalogue.EntryRow;
import org.springframework.stereotype.Component;

/**
 * Flyway {@code V15}: a search tells an entry's own synonyms from those it has through its
 * department. V3 copied every department synonym into each of the department's entries ("pf
 * balance", EPFO's, was every EPFO service's own word, so the passbook it names came fifth); they
 * move to a new {@code department.synonyms} column, which search weighs below an entry's own name
 * and synonyms. The shipped synonyms change with it: the state land-record words (7/12 and
 * satbara, jamabandi, pahani, patta, ...) are the synonyms of their own state's land-record
 * service only, no longer of all 27. Shipped entries and categories get today's synonyms where
 * theirs are still those V3 wrote; the ones an administrator changed since keep theirs.
 *
 * <p>Its checksum is that of today's catalogue sources: editing them after a database was
 * migrated fails Flyway's validation, as V3's did (ship the change as a new migration, and keep
 * these sources as they are under another name, as V3's synonyms are).
 */
@Component
class SearchSynonymsMigration implements JavaMigration {

    private static final int BATCH = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("15");
    }

    @Override
    public String getDescription() {
        return "department synonyms apart, state land-record words on their state";
    }

    @Override
    public Integer getChecksum() {
        return CatalogueSources.fromClasspath().checksum();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    alter table department add column synonyms jsonb not null default '{}'
                        check (jsonb_typeof(synonyms) = 'object')""");
        }
        ShippedCatalogue shipped = ShippedCatalogue.loadAsShippedByV3();
        ShippedCatalogue today = ShippedCatalogue.load();
        try (PreparedStatement update =
                connection.prepareStatement("update department set synonyms = ?::jsonb where code = ?")) {
            int pending = 0;
            for (DepartmentRow department : today.departments()) {
                Map<Language, List<String>> synonyms = today.departmentSynonyms(department.code());
                if (!synonyms.isEmpty()) {
                    update.setString(1, today.synonymsJson(synonyms));
                    update.setString(2, department.code());
                    update.addBatch();
                    pending = flush(update, pending + 1);
                }
            }
            update.executeBatch();
        }
        Map<String, Map<Language, List<String>>> wereEntries = new HashMap<>();
        shipped.entries().forEach(entry -> wereEntries.put(entry.code(), entry.synonyms()));
        try (PreparedStatement update = connection.prepareStatement(
                "update catalogue_entry set synonyms = ?::jsonb where code = ? and synonyms = ?::jsonb")) {
            int pending = 0;
            for (EntryRow entry : today.entries()) {
                Map<Language, List<String>> were = wereEntries.getOrDefault(entry.code(), Map.of());
                if (!entry.synonyms().equals(were)) {
                    update.setString(1, today.synonymsJson(entry.synonyms()));
                    update.setString(2, entry.code());
                    update.setString(3, shipped.synonymsJson(were));
                    update.addBatch();
                    pending = flush(update, pending + 1);
                }
            }
            update.executeBatch();
        }
        Map<String, Map<Language, List<String>>> wereCategories = new HashMap<>();
        shipped.categories().forEach(category -> wereCategories.put(category.code(), category.synonyms()));
        try (PreparedStatement update = connection.prepareStatement(
                "update category set synonyms = ?::jsonb where code = ? and synonyms = ?::jsonb")) {
            for (CategoryRow category : today.categories()) {
                Map<Language, List<String>> were = wereCategories.getOrDefault(category.code(), Map.of());
                if (!category.synonyms().equals(were)) {
                    update.setString(1, today.synonymsJson(category.synonyms()));
                    update.setString(2, category.code());
                    update.setString(3, shipped.synonymsJson(were));
                    update.addBatch();
                }
            }
            update.executeBatch();
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
