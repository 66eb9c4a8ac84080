package org.janseva.catalog.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finishes a rotation of the key that encrypts adapter secrets: once the new key is active (and
 * the old one still configured, so that its values decrypt), every instance moves, when it is
 * ready, each stored secret still under another key to the active one. A department an admin
 * changes meanwhile is left as the admin saved it (compare-and-set on the stored settings; the
 * admin's save sealed it under the active key anyway). Every move is audited like an admin
 * change. When no stored value names the old key any more, it can be removed from the
 * configuration.
 */
@Component
class SettingsKeyRotation {

    static final String ACTOR = "catalog-service:settings-key-rotation";

    private static final Logger log = LoggerFactory.getLogger(SettingsKeyRotation.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private record Row(String code, String adapterType, String settings) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AdapterSettingsCodec codec;
    private final AdminAudit audit;
    private final Catalogue catalogue;
    private final TransactionTemplate transaction;

    SettingsKeyRotation(
            JdbcClient jdbc,
            JsonMapper json,
            AdapterSettingsCodec codec,
            AdminAudit audit,
            Catalogue catalogue,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.codec = codec;
        this.audit = audit;
        this.catalogue = catalogue;
        this.transaction = new TransactionTemplate(transactions);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        try {
            reencryptAll();
        } catch (RuntimeException ex) {
            // the old key still decrypts; the next start tries again
            log.warn("Could not move adapter secrets to the active settings key: {}", ex.getMessage());
        }
    }

    /** @return how many departments had secrets moved to the active key */
    int reencryptAll() {
        List<Row> rows = jdbc.sql("select code, adapter_type, adapter_settings::text as settings from department"
                        + " where adapter_settings::text like '%enc:v1:%' order by code")
                .query((rs, n) -> new Row(rs.getString("code"), rs.getString("adapter_type"), rs.getString("settings")))
                .list();
        int moved = 0;
        for (Row row : rows) {
            try {
                if (reencrypt(row)) {
                    moved++;
                }
            } catch (RuntimeException ex) {
                // e.g. a value under a key no longer configured: that department's calls fail
                // with the same explanation; the others are moved
                log.warn(
                        "Could not move the secrets of department {} to the active key: {}",
                        row.code(),
                        ex.getMessage());
            }
        }
        if (moved > 0) {
            log.info("Moved the adapter secrets of {} departments to the active settings key", moved);
            catalogue.refresh();
        }
        return moved;
    }

    private boolean reencrypt(Row row) {
        Map<String, Object> stored = json.readValue(row.settings(), OBJECT);
        Map<String, Object> rotated = codec.reencrypt(row.code(), row.adapterType(), stored);
        if (rotated.equals(stored)) {
            return false;
        }
        AdapterSettings before = new AdapterSettings(row.code(), stored);
        AdapterSettings after = new AdapterSettings(row.code(), rotated);
        Set<String> paths = new TreeSet<>();
        for (String path : codec.secretPaths(row.adapterType())) {
            if (!before.find(path).equals(after.find(path))) {
                paths.add("adapter." + path);
            }
        }
        Boolean updated = transaction.execute(status -> {
            CatalogueWriteLock.take(jdbc);
            int changed = jdbc.sql(
                            "update department set adapter_settings = cast(:rotated as jsonb), updated_at = now()"
                                    + " where code = :code and adapter_settings::text = :stored")
                    .param("rotated", json.writeValueAsString(rotated))
                    .param("code", row.code())
                    .param("stored", row.settings())
                    .update();
            if (changed == 0) {
                return false;
            }
            audit.record(
                    ACTOR,
                    AdminAudit.Action.DEPARTMENT_UPDATED,
                    row.code(),
                    null,
                    // no request behind it: an id of its own, as a request's would be
                    RequestIds.acceptOrGenerate(null),
                    Map.of("changed", List.copyOf(paths), "reason", "re-encrypted under the active settings key"));
            return true;
        });
        return Boolean.TRUE.equals(updated);
    }
}
